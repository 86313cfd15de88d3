using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;

namespace JiraQuality.Tests.Scoring;

public sealed class ScoringCostQueryTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Cost_is_summed_per_day_and_model_over_every_ledger_call(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var day = new DateTime(2025, 11, 3, 0, 0, 0, DateTimeKind.Utc);
        await using (var db = database.Factory.CreateDbContext())
        {
            LlmCall Call(string key, string model, DateTime at, double? cost, int input, string outcome = LlmCallOutcomes.Success) => new()
            {
                IssueKey = key,
                Model = model,
                AtUtc = at,
                CostUsd = cost,
                InputTokens = input,
                CachedInputTokens = input / 2,
                OutputTokens = 10,
                Outcome = outcome,
            };

            db.LlmCalls.AddRange(
                Call("A", "gpt-5-nano", day.AddHours(1), 0.001, 100),
                Call("B", "gpt-5-nano", day.AddHours(22), 0.0005, 50, LlmCallOutcomes.Retry),
                Call("B", "gpt-5-nano", day.AddHours(23), 0.0015, 150),
                Call("C", "gpt-5-mini", day.AddHours(5), null, 300),
                Call("D", "gpt-5-nano", day.AddDays(1), 0.004, 400, LlmCallOutcomes.Failure),
                Call("F", "gpt-5-nano", day.AddDays(3), 0.5, 500));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var costs = await new ScoringCostQuery(database.Factory).ByDayAndModelAsync(day, day.AddDays(2), TestContext.Current.CancellationToken);

        Assert.Equal(3, costs.Count);
        var nano = costs[1];
        Assert.Equal((new DateOnly(2025, 11, 3), "gpt-5-nano", 2, 3, 300L, 150L, 30L), (nano.Day, nano.Model, nano.Conversations, nano.Calls, nano.InputTokens, nano.CachedInputTokens, nano.OutputTokens));
        Assert.Equal(0.003, nano.CostUsd, 10);
        Assert.Equal(("gpt-5-mini", 0d), (costs[0].Model, costs[0].CostUsd));
        Assert.Equal((new DateOnly(2025, 11, 4), 0.004), (costs[2].Day, costs[2].CostUsd));
    }
}
