using JiraQuality.Core.Scoring;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;

namespace JiraQuality.Tests.Scoring;

public sealed class ScoringCostQueryTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cost_is_summed_per_day_and_model_over_llm_rows_only(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var day = new DateTime(2025, 11, 3, 0, 0, 0, DateTimeKind.Utc);
        await using (var db = database.Factory.CreateDbContext())
        {
            ProcessedConversation Row(string key, string kind, string? model, DateTime at, double? cost, int input) => new()
            {
                IssueKey = key,
                ScorerKind = kind,
                ScorerVersion = "v",
                Model = model,
                ProcessedAtUtc = at,
                CostUsd = cost,
                InputTokens = input,
                CachedInputTokens = input / 2,
                OutputTokens = 10,
            };

            db.ProcessedConversations.AddRange(
                Row("A", ScorerKinds.Llm, "gpt-5-nano", day.AddHours(1), 0.001, 100),
                Row("B", ScorerKinds.Llm, "gpt-5-nano", day.AddHours(23), 0.002, 200),
                Row("C", ScorerKinds.Llm, "gpt-5-mini", day.AddHours(5), null, 300),
                Row("D", ScorerKinds.Llm, "gpt-5-nano", day.AddDays(1), 0.004, 400),
                Row("E", ScorerKinds.Imported, "gpt-4o-mini", day.AddHours(2), 0.5, 500),
                Row("F", ScorerKinds.Llm, "gpt-5-nano", day.AddDays(3), 0.5, 500));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var costs = await new ScoringCostQuery(database.Factory).ByDayAndModelAsync(day, day.AddDays(2), TestContext.Current.CancellationToken);

        Assert.Equal(3, costs.Count);
        var nano = costs[1];
        Assert.Equal((new DateOnly(2025, 11, 3), "gpt-5-nano", 2, 300L, 150L, 20L), (nano.Day, nano.Model, nano.Conversations, nano.InputTokens, nano.CachedInputTokens, nano.OutputTokens));
        Assert.Equal(0.003, nano.CostUsd, 10);
        Assert.Equal(("gpt-5-mini", 0d), (costs[0].Model, costs[0].CostUsd));
        Assert.Equal((new DateOnly(2025, 11, 4), 0.004), (costs[2].Day, costs[2].CostUsd));
    }
}
