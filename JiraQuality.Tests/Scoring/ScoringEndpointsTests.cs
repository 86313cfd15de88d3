using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Scoring.Taxonomy;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Scoring;

public sealed class ScoringEndpointsTests
{
    [Fact]
    public async Task Analysis_download_honours_the_filter_and_rejects_bad_dates()
    {
        await using var app = new JiraQualityAppFactory();
        var client = app.CreateClient();
        var contextFactory = app.Services.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>();
        await using (var db = await contextFactory.CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            db.ProcessedConversations.Add(new ProcessedConversation { IssueKey = "IT-1", ScorerKind = ScorerKinds.Heuristic, ScorerVersion = "v", Hub = "Lisbon", ConversationEndUtc = new DateTime(2025, 11, 3, 0, 0, 0, DateTimeKind.Utc) });
            db.ProcessedConversations.Add(new ProcessedConversation { IssueKey = "IT-2", ScorerKind = ScorerKinds.Llm, ScorerVersion = "v", Hub = "Porto", ConversationEndUtc = new DateTime(2025, 11, 5, 0, 0, 0, DateTimeKind.Utc) });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var response = await client.GetAsync("/api/scoring/analysis.csv?hub=Porto&from=2025-11-01", TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition!.ToString());
        var lines = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("IT-2,", lines[1]);

        var bad = await client.GetAsync("/api/scoring/analysis.csv?from=soon", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
    }
}

public sealed class ScoringWiringTests
{
    [Fact]
    public async Task The_app_registers_one_handler_per_scoring_job_kind()
    {
        await using var app = new JiraQualityAppFactory();
        _ = app.CreateClient();
        using var scope = app.Services.CreateScope();
        var kinds = scope.ServiceProvider.GetServices<JiraQuality.Core.Jobs.IJobHandler>().Select(h => h.Kind).ToList();
        Assert.Contains(JiraQuality.Core.Jobs.JobKinds.Processing, kinds);
        Assert.Contains(JiraQuality.Core.Jobs.JobKinds.Rescore, kinds);
        Assert.Contains(JiraQuality.Core.Jobs.JobKinds.ScoredCsvImport, kinds);
        Assert.Equal(kinds.Count, kinds.Distinct().Count());

        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ScoringOptions>>().Value;
        Assert.Contains("Password reset", ContactReasonTaxonomy.Load(options.TaxonomyFile).Labels);
        Assert.Equal(5, options.FirstResponseSlaMinutes);
        Assert.Equal(8, options.EffectiveAgentProfanityWords.Count);
        var llm = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LlmOptions>>().Value;
        Assert.Equal(8, llm.Concurrency);
        Assert.Equal(0.40, llm.Prices["GPT-5-NANO"].Output);
    }
}
