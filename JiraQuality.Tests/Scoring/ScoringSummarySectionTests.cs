using Bunit;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using JiraQuality.Tests.Settings;
using JiraQuality.Web.Features.Scoring;

namespace JiraQuality.Tests.Scoring;

public sealed class ScoringSummarySectionTests : MudTestContext
{
    [Fact]
    public async Task The_llm_settings_show_the_host_and_whether_a_key_is_set_never_the_key_and_the_cost_of_the_last_30_days()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var now = new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero);
        var llm = new LlmOptions { Endpoint = "https://llm.example.test:8443/openai/v1/", ApiKey = "sk-secret-value", Model = "gpt-5-mini" };
        using var host = new SettingsSectionsHost(db, new ScoringOptions { FirstResponseSlaMinutes = 4, FirstResponseExtendedSlaMinutes = 20 }, llm, new FakeTimeProvider(now));
        await using (var context = db.Factory.CreateDbContext())
        {
            LlmCall Call(string key, DateTime at, double cost) => new()
            {
                IssueKey = key,
                Model = "gpt-5-mini",
                AtUtc = at,
                CostUsd = cost,
                InputTokens = 1000,
                OutputTokens = 100,
                Outcome = LlmCallOutcomes.Success,
            };

            // Read from the cost ledger: a rejected answer costs as much as an accepted one.
            context.LlmCalls.AddRange(
                Call("A-1", now.UtcDateTime.AddHours(-1), 0.25),
                Call("A-2", now.UtcDateTime.AddDays(-3), 0.375),
                Call("A-2", now.UtcDateTime.AddDays(-3), 0.125),
                Call("A-3", now.UtcDateTime.AddDays(-45), 9));
            await context.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        }

        Services.AddFallbackServiceProvider(host.Services);
        var section = Render<ScoringSummarySection>();

        section.WaitForAssertion(() => Assert.NotEmpty(section.FindAll("#scoring-cost-total")));
        Assert.StartsWith("LLM", section.Find("#scoring-scorer").TextContent.Trim());
        Assert.StartsWith("gpt-5-mini", section.Find("#scoring-model").TextContent.Trim());
        Assert.Equal("llm.example.test:8443", section.Find("#scoring-endpoint").TextContent.Trim());
        Assert.Equal("Key set", section.Find("#scoring-api-key").TextContent.Trim());
        Assert.DoesNotContain("sk-secret-value", section.Markup);
        Assert.Contains("4 min and 20 min", section.Find("#scoring-sla").TextContent);
        Assert.Equal(2, section.FindAll("#scoring-cost-table tbody tr").Count);
        Assert.Equal("$0.7500", section.Find("#scoring-cost-total").TextContent.Trim());
        Assert.Contains(section.FindAll("#scoring-cost-table tbody tr"), row => row.TextContent.Contains("gpt-5-mini") && row.Children[2].TextContent.Trim() == "1" && row.Children[3].TextContent.Trim() == "2");
    }

    [Fact]
    public async Task Without_llm_settings_the_heuristic_scorer_is_shown_and_no_cost()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = new SettingsSectionsHost(db);
        Services.AddFallbackServiceProvider(host.Services);

        var section = Render<ScoringSummarySection>();

        section.WaitForAssertion(() => Assert.NotEmpty(section.FindAll("#scoring-cost-empty")));
        Assert.StartsWith("Heuristic", section.Find("#scoring-scorer").TextContent.Trim());
        Assert.Equal("OpenAI (default)", section.Find("#scoring-endpoint").TextContent.Trim());
        Assert.Equal("Not set", section.Find("#scoring-api-key").TextContent.Trim());
    }
}
