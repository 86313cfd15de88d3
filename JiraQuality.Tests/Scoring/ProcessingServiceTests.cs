using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Scoring.Taxonomy;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Benchmarks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace JiraQuality.Tests.Scoring;

public sealed class ProcessingServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task SeedAsync(TestDatabase database, IEnumerable<PreparedConversation> rows)
    {
        await using var db = database.Factory.CreateDbContext();
        db.PreparedConversations.AddRange(rows);
        await db.SaveChangesAsync(Ct);
    }

    private static async Task<(int Processed, int Pending, List<ProcessedConversation> Rows)> StateAsync(TestDatabase database)
    {
        await using var db = database.Factory.CreateDbContext();
        var rows = await db.ProcessedConversations.AsNoTracking().OrderBy(p => p.IssueKey).ToListAsync(Ct);
        var pending = await ScoredState.Unscored(db).CountAsync(Ct);
        return (rows.Count, pending, rows);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Heuristic_run_stores_every_conversation_once_and_the_next_run_finds_nothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database, ScoringTestSupport.Tickets(5));
        var service = ScoringTestSupport.Service(database.Factory);
        var progress = new RecordingProgress();

        var result = await service.RunAsync(new ProcessingRequest { Scorer = new() { NoLlm = true } }, progress, Ct);

        Assert.Equal((5, 5, 0), (result.Selected, result.Processed, result.Failures.Count));
        Assert.Equal((5, 5, "ITSM-5"), progress.Last);
        Assert.Contains("Processing progress: 1/5 (20.0%) [ITSM-1]", progress.Lines);
        Assert.Contains("Processing progress: 5/5 (100.0%) [ITSM-5]", progress.Lines);
        var (processed, pending, rows) = await StateAsync(database);
        Assert.Equal((5, 0), (processed, pending));
        var first = rows[0];
        Assert.Equal(ScorerKinds.Heuristic, first.ScorerKind);
        Assert.Equal(new HeuristicScorer(new ScoringOptions()).Version, first.ScorerVersion);
        Assert.Equal(3, first.FirstAgentResponseMinutes);
        Assert.Equal("712020:agent-1", first.PrimaryAgent);
        Assert.Equal("TIER1", first.PrimaryAgentTier);
        Assert.True(first.Resolved);
        Assert.Equal(first.ConversationRating, first.ConversationScore);
        Assert.Null(first.CustomerScore);
        Assert.Null(first.Summary);
        Assert.Null(first.ContactReason);
        Assert.Null(first.SentimentScoresJson);
        Assert.Null(first.CostUsd);

        var again = await service.RunAsync(new ProcessingRequest { Scorer = new() { NoLlm = true } }, new RecordingProgress(), Ct);
        Assert.Equal(0, again.Selected);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_run_stopped_midway_resumes_without_duplicates_or_losses(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database, ScoringTestSupport.Tickets(6));
        var service = ScoringTestSupport.Service(database.Factory);
        var heuristic = new HeuristicScorer(new ScoringOptions());

        // The run is cancelled while it scores the fourth conversation: three are stored, nothing else.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var seen = 0;
        var interrupted = new InterceptingScorer(heuristic, _ =>
        {
            if (++seen == 4)
            {
                stop.Cancel();
                stop.Token.ThrowIfCancellationRequested();
            }

            return Task.CompletedTask;
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            service.RunAsync(new ProcessingRequest { Concurrency = 1 }, interrupted, new RecordingProgress(), stop.Token));
        var (processed, pending, rows) = await StateAsync(database);
        Assert.Equal((3, 3), (processed, pending));
        Assert.Equal(["ITSM-1", "ITSM-2", "ITSM-3"], rows.Select(r => r.IssueKey));

        var limited = await service.RunAsync(new ProcessingRequest { Limit = 2 }, heuristic, new RecordingProgress(), Ct);
        Assert.Equal(2, limited.Processed);
        var rest = await service.RunAsync(new ProcessingRequest(), heuristic, new RecordingProgress(), Ct);
        Assert.Equal(1, rest.Processed);

        (processed, pending, rows) = await StateAsync(database);
        Assert.Equal((6, 0), (processed, pending));
        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"ITSM-{i}").Order(), rows.Select(r => r.IssueKey).Order());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task New_versions_rescore_changed_threads_stay_pending_and_imported_rows_are_left_alone(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database, ScoringTestSupport.Tickets(3));
        await using (var db = database.Factory.CreateDbContext())
        {
            db.ProcessedConversations.Add(new ProcessedConversation { IssueKey = "ITSM-3", ScorerKind = ScorerKinds.Imported, ScorerVersion = "imported/x", Summary = "kept" });
            db.ProcessedConversations.Add(new ProcessedConversation { IssueKey = "ITSM-2", ScorerKind = ScorerKinds.Heuristic, ScorerVersion = "heuristic/h0/m0", ScoredContentHash = (await db.PreparedConversations.SingleAsync(p => p.IssueKey == "ITSM-2", Ct)).ContentHash });
            await db.SaveChangesAsync(Ct);
        }

        var service = ScoringTestSupport.Service(database.Factory);
        var heuristic = new HeuristicScorer(new ScoringOptions());

        // ITSM-1 is re-imported with new text while it is being scored: its verdict is stored, but it stays pending.
        var changing = new InterceptingScorer(heuristic, async conversation =>
        {
            if (conversation.IssueKey == "ITSM-1")
            {
                await using var db = database.Factory.CreateDbContext();
                (await db.PreparedConversations.SingleAsync(p => p.IssueKey == "ITSM-1", Ct)).ContentHash = "changed";
                await db.SaveChangesAsync(Ct);
            }
        });
        var result = await service.RunAsync(new ProcessingRequest { Concurrency = 1 }, changing, new RecordingProgress(), Ct);

        Assert.Equal(2, result.Processed);
        await using (var db = database.Factory.CreateDbContext())
        {
            var rows = await db.ProcessedConversations.AsNoTracking().ToDictionaryAsync(p => p.IssueKey, Ct);
            Assert.Equal(heuristic.Version, rows["ITSM-2"].ScorerVersion);
            Assert.Equal("kept", rows["ITSM-3"].Summary);
            Assert.Equal(ScorerKinds.Imported, rows["ITSM-3"].ScorerKind);
            Assert.True(await ScoredState.Unscored(db).AnyAsync(p => p.IssueKey == "ITSM-1", Ct));
        }

        var rescoreImported = await service.RunAsync(
            new ProcessingRequest { IssueKeys = ["ITSM-3"], Force = true, IncludeImported = true }, heuristic, new RecordingProgress(), Ct);
        Assert.Equal(1, rescoreImported.Processed);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Llm_run_stops_after_three_consecutive_failures_and_leaves_them_pending(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database, ScoringTestSupport.Tickets(6));
        await using var server = await LoopbackChatServer.StartAsync((_, _, _) => new LoopbackAnswer(200, LoopbackChatServer.Completion("{not json", 100, 10)));
        var options = LlmScorerTests.Options(server.Endpoint);
        var scorer = new LlmScorer(options, ContactReasonTaxonomy.Parse("""["Hardware fault"]"""), 3, TimeProvider.System, NullLogger<LlmScorer>.Instance);
        var service = ScoringTestSupport.Service(database.Factory, ScoringTestSupport.Factory(llm: options));
        var progress = new RecordingProgress();

        var result = await service.RunAsync(new ProcessingRequest { Concurrency = 1 }, scorer, progress, Ct);

        Assert.Equal(0, result.Processed);
        Assert.Equal(["ITSM-1", "ITSM-2", "ITSM-3"], result.Failures.Select(f => f.IssueKey));
        Assert.StartsWith("3 consecutive failures", result.StopReason);
        Assert.Contains("Aborting after 3 consecutive failures.", progress.Lines);
        Assert.Contains(progress.Lines, l => l.StartsWith("Processing failed for ITSM-1: malformed JSON", StringComparison.Ordinal));
        Assert.Equal(6, server.RequestCount);
        Assert.Contains("Unprocessed: ITSM-1, ITSM-2, ITSM-3.", result.Describe());

        // The failed attempts were paid for: 6 calls of 100 input and 10 output tokens.
        Assert.Equal(6 * ((100 * 0.05) + (10 * 0.40)) / 1e6, progress.Cost, 12);
        var (processed, pending, _) = await StateAsync(database);
        Assert.Equal((0, 6), (processed, pending));

        var job = new ProcessingJobHandler(service);
        Assert.Equal(JobKinds.Processing, job.Kind);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Llm_run_stores_cost_per_conversation_sums_it_per_job_and_stops_at_the_budget(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database, ScoringTestSupport.Tickets(5));
        await using var server = await LoopbackChatServer.StartAsync((_, _, _) => new LoopbackAnswer(200, LoopbackChatServer.Completion(
            LlmAnswers.ForShortThread().ToJsonString(), 2000, 1500, 1000)));
        var options = LlmScorerTests.Options(server.Endpoint);
        var scorer = new LlmScorer(options, ContactReasonTaxonomy.Parse("""["Hardware fault"]"""), 3, TimeProvider.System, NullLogger<LlmScorer>.Instance);
        var service = ScoringTestSupport.Service(database.Factory, ScoringTestSupport.Factory(llm: options));
        var progress = new RecordingProgress();
        var perConversation = ((1000 * 0.05) + (1000 * 0.005) + (1500 * 0.40)) / 1e6;

        var result = await service.RunAsync(new ProcessingRequest { Concurrency = 1, BudgetUsd = perConversation * 1.5, JobId = Guid.NewGuid() }, scorer, progress, Ct);

        Assert.Equal(2, result.Processed);
        Assert.Contains("budget", result.StopReason);
        Assert.Equal(2 * perConversation, progress.Cost, 12);
        Assert.Equal(2 * perConversation, result.CostUsd, 12);
        Assert.Equal(new TokenUsage(4000, 2000, 3000, 0), result.Usage);
        var (processed, pending, rows) = await StateAsync(database);
        Assert.Equal((2, 3), (processed, pending));
        var row = rows[0];
        Assert.Equal(ScorerKinds.Llm, row.ScorerKind);
        Assert.Equal("gpt-5-nano", row.Model);
        Assert.Equal(LlmPrompt.Version, row.PromptVersion);
        Assert.Equal((2000, 1000, 1500), (row.InputTokens, row.CachedInputTokens, row.OutputTokens));
        Assert.Equal(perConversation, row.CostUsd!.Value, 12);
        Assert.Equal(4.5, row.ConversationScore);
        Assert.Equal(3, row.ResolutionMessageIndex);
        Assert.Equal(9, row.DurationToResolutionMinutes);
        Assert.Equal("Hardware fault", row.ContactReason);
        Assert.NotNull(row.SentimentScoresJson);
        Assert.NotNull(row.JobId);

        // Heuristic rows are upgraded by a later LLM run; LLM rows are not downgraded by a heuristic one.
        var heuristicRun = await service.RunAsync(new ProcessingRequest(), new HeuristicScorer(new ScoringOptions()), new RecordingProgress(), Ct);
        Assert.Equal(3, heuristicRun.Processed);
        var upgrade = await service.RunAsync(new ProcessingRequest { Concurrency = 4 }, scorer, new RecordingProgress(), Ct);
        Assert.Equal(3, upgrade.Processed);
        (processed, pending, rows) = await StateAsync(database);
        Assert.All(rows, r => Assert.Equal(ScorerKinds.Llm, r.ScorerKind));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Failed_conversations_go_last_and_are_set_aside_after_three_failed_runs(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database, ScoringTestSupport.Tickets(2));
        var service = ScoringTestSupport.Service(database.Factory);
        var heuristic = new HeuristicScorer(new ScoringOptions());
        var poisoned = new InterceptingScorer(heuristic, conversation =>
            conversation.IssueKey == "ITSM-1" ? throw new ScoringException("answer rejected") : Task.CompletedTask);

        var first = await service.RunAsync(new ProcessingRequest { Concurrency = 1 }, poisoned, new RecordingProgress(), Ct);
        Assert.Equal((1, "ITSM-1"), (first.Processed, Assert.Single(first.Failures).IssueKey));

        // A newer ticket arrives: it is scored before the one that failed, although that one is older.
        await SeedAsync(database, [ScoringTestSupport.Prepared(new ConversationBuilder("ITSM-9").Customer(0).Agent(1).Build(), day: 9)]);
        var progress = new RecordingProgress();
        var second = await service.RunAsync(new ProcessingRequest { Concurrency = 1 }, poisoned, progress, Ct);
        Assert.Equal(1, second.Processed);
        Assert.Equal("Processing progress: 1/2 (50.0%) [ITSM-9]", progress.Lines.First(l => l.StartsWith("Processing progress", StringComparison.Ordinal)));

        await service.RunAsync(new ProcessingRequest(), poisoned, new RecordingProgress(), Ct);
        await using (var db = database.Factory.CreateDbContext())
        {
            var failure = await db.ScoringFailures.SingleAsync(Ct);
            Assert.Equal(("ITSM-1", 3, "answer rejected", heuristic.Version), (failure.IssueKey, failure.Attempts, failure.LastError, failure.ScorerVersion));
        }

        progress = new RecordingProgress();
        var fourth = await service.RunAsync(new ProcessingRequest(), poisoned, progress, Ct);
        Assert.Equal(0, fourth.Selected);
        Assert.Contains(progress.Lines, l => l.StartsWith("Set aside after 3 failed runs", StringComparison.Ordinal) && l.Contains("ITSM-1"));

        // Asked for by key, it is scored again; a success clears its failure record.
        var retried = await service.RunAsync(new ProcessingRequest { IssueKeys = ["ITSM-1"] }, heuristic, new RecordingProgress(), Ct);
        Assert.Equal(1, retried.Processed);
        await using (var db = database.Factory.CreateDbContext())
        {
            Assert.Equal(0, await db.ScoringFailures.CountAsync(Ct));
            Assert.Equal(0, await ScoredState.Unscored(db).CountAsync(Ct));
        }
    }

    [Fact]
    public void Job_parameters_become_a_request_and_a_rescore_needs_a_filter()
    {
        var request = ProcessingParameters.ToRequest(
            new JobRequest(JobKinds.Rescore, JobRequesters.Page, new Dictionary<string, string> { ["issue"] = "ITSM-7", ["noLlm"] = "true", ["limit"] = "5" }),
            rescore: true);
        Assert.Equal(["ITSM-7"], request.IssueKeys);
        Assert.True(request.Force);
        Assert.True(request.IncludeImported);
        Assert.True(request.Scorer.NoLlm);
        Assert.Equal(5, request.Limit);

        Assert.Throws<ArgumentException>(() => ProcessingParameters.ToRequest(new JobRequest(JobKinds.Rescore, JobRequesters.Page), rescore: true));
        Assert.Throws<ArgumentException>(() => ProcessingParameters.ToRequest(
            new JobRequest(JobKinds.Processing, JobRequesters.Page, new Dictionary<string, string> { ["limit"] = "many" }), rescore: false));
    }

    [Fact]
    public void Asking_for_the_llm_without_a_key_or_endpoint_fails_instead_of_falling_back()
    {
        var factory = ScoringTestSupport.Factory();
        Assert.IsType<HeuristicScorer>(factory.Create(new ScorerSelection()));
        var error = Assert.Throws<InvalidOperationException>(() => factory.Create(new ScorerSelection { Model = "gpt-5-nano" }));
        Assert.Contains("OPENAI_API_KEY", error.Message);
    }
}
