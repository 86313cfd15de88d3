using JiraQuality.Core.Jobs;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Benchmarks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JiraQuality.Tests.Scoring;

/// <summary>Every call the LLM stand-in answers is one ledger row, and every cost figure is a sum of those rows.</summary>
public sealed class CostLedgerTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _taxonomyFile = Path.Combine(Path.GetTempPath(), $"jq-ledger-taxonomy-{Guid.NewGuid():N}.json");

    public CostLedgerTests() => File.WriteAllText(_taxonomyFile, """["Hardware fault"]""");

    public void Dispose() => File.Delete(_taxonomyFile);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_call_is_a_ledger_row_and_the_daily_table_job_totals_and_cost_kpi_agree_with_it(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ProcessingLaneTests.SeedAsync(database, 4);
        var good = LoopbackChatServer.Completion(LlmAnswers.ForShortThread().ToJsonString(), 2000, 1500, 1000);
        var bad = LoopbackChatServer.Completion("{not json", 300, 20);
        // Scored one at a time, oldest first: ITSM-1 is rate limited once, ITSM-2's first answer is rejected,
        // ITSM-4 fails twice, and the rescore of ITSM-2 is the last call.
        await using var llm = await LoopbackChatServer.StartAsync((_, _, n) => n switch
        {
            1 => new LoopbackAnswer(429, LoopbackChatServer.Error("slow down"), Headers: new Dictionary<string, string> { ["Retry-After"] = "0" }),
            3 or 6 or 7 => new LoopbackAnswer(200, bad),
            _ => new LoopbackAnswer(200, good),
        });
        await using var runner = await ProcessingLaneTests.StartRunnerAsync(database, llm, _taxonomyFile);

        var processing = await runner.Runner.EnqueueAsync(new JobRequest(JobKinds.Processing, JobRequesters.Page), Ct);
        await runner.WaitForStateAsync(processing.Id, JobStates.Succeeded, JobStates.Failed);
        var rescore = await runner.Runner.EnqueueAsync(
            new JobRequest(JobKinds.Rescore, JobRequesters.Page, new Dictionary<string, string> { [ProcessingParameters.Issue] = "ITSM-2" }), Ct);
        Assert.Equal(JobStates.Succeeded, (await runner.WaitForStateAsync(rescore.Id, JobStates.Succeeded, JobStates.Failed)).State);

        List<LlmCall> calls;
        Dictionary<string, double?> stored;
        await using (var db = database.Factory.CreateDbContext())
        {
            calls = await db.LlmCalls.AsNoTracking().OrderBy(c => c.Id).ToListAsync(Ct);
            stored = await db.ProcessedConversations.AsNoTracking().ToDictionaryAsync(p => p.IssueKey, p => p.CostUsd, Ct);
        }

        Assert.Equal(8, llm.RequestCount);
        Assert.Equal(
            [
                ("ITSM-1", LlmCallOutcomes.RateLimited), ("ITSM-1", LlmCallOutcomes.Success), ("ITSM-2", LlmCallOutcomes.Retry),
                ("ITSM-2", LlmCallOutcomes.Success), ("ITSM-3", LlmCallOutcomes.Success), ("ITSM-4", LlmCallOutcomes.Retry),
                ("ITSM-4", LlmCallOutcomes.Failure), ("ITSM-2", LlmCallOutcomes.Success),
            ],
            calls.Select(c => (c.IssueKey, c.Outcome)));
        Assert.Equal([.. Enumerable.Repeat<Guid?>(processing.Id, 7), rescore.Id], calls.Select(c => c.JobId));
        Assert.All(calls, c => Assert.Equal("gpt-5-nano", c.Model));
        var goodCost = ((1000 * 0.05) + (1000 * 0.005) + (1500 * 0.40)) / 1e6;
        var badCost = ((300 * 0.05) + (20 * 0.40)) / 1e6;
        Assert.Equal((2000, 1000, 1500), (calls[1].InputTokens, calls[1].CachedInputTokens, calls[1].OutputTokens));
        Assert.Equal(goodCost, calls[1].CostUsd!.Value, 12);
        Assert.Equal(badCost, calls[2].CostUsd!.Value, 12);
        Assert.Equal(0, calls[0].CostUsd!.Value);
        var ledgerTotal = calls.Sum(c => c.CostUsd ?? 0);
        Assert.Equal((4 * goodCost) + (3 * badCost), ledgerTotal, 12);

        // The Settings page's table: per day and model, from the same rows.
        var daily = await new ScoringCostQuery(database.Factory).ByDayAndModelAsync(DateTime.UtcNow.AddDays(-2), DateTime.UtcNow.AddDays(1), Ct);
        Assert.Equal(ledgerTotal, daily.Sum(d => d.CostUsd), 12);
        Assert.Equal((8, 4), (daily.Sum(d => d.Calls), daily.Sum(d => d.Conversations)));

        // The jobs' totals, as the Jobs page and /api/jobs/{id} show them.
        var processingCost = (await runner.Store.GetDetailsAsync(processing.Id, Ct))!.CostUsd;
        var rescoreCost = (await runner.Store.GetDetailsAsync(rescore.Id, Ct))!.CostUsd;
        Assert.Equal(ledgerTotal - goodCost, processingCost, 12);
        Assert.Equal(goodCost, rescoreCost, 12);

        // Each stored conversation carries everything spent on it, so the cost KPI sums the ledger rows of the
        // conversations it shows (ITSM-4 never got a verdict, so no conversation shows its two calls).
        Assert.Equal((2 * goodCost) + badCost, stored["ITSM-2"]!.Value, 12);
        Assert.Equal(goodCost, stored["ITSM-1"]!.Value, 12);
        var metrics = new MetricsQuery(database.Factory, new FakeTimeProvider(new DateTimeOffset(ConversationBuilder.Base.AddDays(10))), Options.Create(new MetricsOptions()));
        var month = (await metrics.GetKpisAsync(null, MetricsFilter.None, Ct))[2].Current;
        Assert.Equal(ledgerTotal - (2 * badCost), month[KpiId.LlmCostUsd].Value!.Value, 12);
    }
}
