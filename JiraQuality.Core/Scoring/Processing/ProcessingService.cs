using System.Globalization;
using System.Threading.Channels;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>
/// Scores prepared conversations that are not up to date for the current scorer and stores each result with
/// the content hash it was scored from in one transaction, so a run can stop anywhere and the next one resumes without
/// duplicates or lost work.
/// </summary>
public sealed partial class ProcessingService(
    IDbContextFactory<JiraQualityDbContext> contextFactory,
    ScorerFactory scorerFactory,
    TimeProvider timeProvider,
    ILogger<ProcessingService> logger,
    ProcessingLane? lane = null,
    ProcessingClaims? claims = null)
{
    public const int ConsecutiveFailureLimit = 3;

    /// <summary>How many times a run looks again for conversations stored while it was scoring.</summary>
    public const int LateArrivalRounds = 20;

    private readonly ProcessingLane _lane = lane ?? new ProcessingLane();
    private readonly ProcessingClaims _claims = claims ?? new ProcessingClaims(contextFactory);

    /// <summary>
    /// A run as jobs and verbs start it: it waits for the processing lane, so it never scores conversations another run
    /// has selected, and before it ends it also scores what was stored while it ran.
    /// </summary>
    public async Task<ProcessingResult> RunAsync(ProcessingRequest request, IJobProgress progress, CancellationToken cancellationToken)
    {
        // Rows and ledger entries name the job, also when a refresh runs processing inside its own job.
        request = request with { JobId = request.JobId ?? progress.JobId };
        var scorer = scorerFactory.Create(request.Scorer, request.JobId);
        await using var turn = await _lane.EnterAsync(progress, cancellationToken);
        // Each round (the first selection, late arrivals, take-overs) counts on from the rounds before it, so the job's
        // count ends at the conversations it stored.
        progress = new RoundsProgress(progress);
        var owner = Guid.NewGuid().ToString("N");
        await using var hold = _claims.Hold(owner);
        var selectedAt = timeProvider.GetUtcNow().UtcDateTime;
        var result = await RunAsync(request, scorer, progress, owner, cancellationToken);
        result = await ProcessLateArrivalsAsync(request, scorer, selectedAt, result, progress, owner, cancellationToken);
        return await TakeOverAsync(request, scorer, result, progress, owner, cancellationToken);
    }

    /// <summary>One pass over the pending conversations as they are now, without waiting for the processing lane.</summary>
    public async Task<ProcessingResult> RunAsync(ProcessingRequest request, IConversationScorer scorer, IJobProgress progress, CancellationToken cancellationToken)
    {
        var owner = Guid.NewGuid().ToString("N");
        await using var hold = _claims.Hold(owner);
        return await RunAsync(request, scorer, progress, owner, cancellationToken);
    }

    private async Task<ProcessingResult> RunAsync(ProcessingRequest request, IConversationScorer scorer, IJobProgress progress, string owner, CancellationToken cancellationToken)
    {
        var metricsCalculator = scorerFactory.CreateMetrics();
        var (keys, setAside) = await SelectKeysAsync(request, scorer, cancellationToken);
        if (setAside.Count > 0)
        {
            Log(progress, $"Set aside after {scorerFactory.ScoringOptions.QuarantineAfterFailedRuns} failed runs (score them with --issue or a rescore): {string.Join(", ", setAside)}.", LogLevel.Warning);
        }

        var total = keys.Count;
        if (total == 0)
        {
            Log(progress, "No new conversations to process.");
            progress.Report(0, 0);
            return new ProcessingResult(0, 0, [], 0, TokenUsage.None, scorer.Version, null);
        }

        // The heuristic is arithmetic: it runs on every core. LLM calls wait on the network: as many as configured.
        var usesLlm = scorer.Kind == ScorerKinds.Llm;
        var concurrency = Math.Max(1, request.Concurrency ?? (usesLlm ? scorerFactory.LlmOptions.Concurrency : Environment.ProcessorCount));
        var batchSize = Math.Max(1, scorerFactory.ScoringOptions.BatchSize);
        // LLM runs claim (and read) a few conversations per worker at a time, so that another run on the backlog finds
        // work left too; heuristic runs take whole batches.
        var readBatchSize = _claims.Enabled && usesLlm ? Math.Min(batchSize, concurrency * 2) : batchSize;
        var budget = request.BudgetUsd ?? (scorerFactory.LlmOptions.JobBudgetUsd > 0 ? scorerFactory.LlmOptions.JobBudgetUsd : null);
        Log(progress, $"Processing {total} conversations with {scorer.Version} ({concurrency} at a time{(budget is null ? "" : string.Create(CultureInfo.InvariantCulture, $", budget ${budget:0.00}"))}).");
        progress.Report(0, total);

        var gate = new Lock();
        var claimedElsewhere = new List<string>();

        // On a shared database each batch is claimed before it is read: what another run holds is left to it (and no longer
        // counted here), and what another run stored since the selection is no longer pending.
        async Task<List<string>> ClaimAsync(List<string> batch, CancellationToken ct)
        {
            if (!_claims.Enabled)
            {
                return batch;
            }

            var claimed = await _claims.TryClaimAsync(owner, batch, ct);
            var stillPending = claimed.Count == 0
                ? []
                : (await SelectKeysAsync(request with { IssueKeys = [.. claimed], Limit = null }, scorer, ct)).Keys.ToHashSet(StringComparer.Ordinal);
            await _claims.ReleaseAsync(owner, claimed.Where(k => !stillPending.Contains(k)).ToList(), ct);
            var taken = batch.Where(stillPending.Contains).ToList();
            lock (gate)
            {
                claimedElsewhere.AddRange(batch.Where(k => !claimed.Contains(k)));
                total -= batch.Count - taken.Count;
            }

            return taken;
        }

        int done = 0, processed = 0, consecutiveFailures = 0;
        double cost = 0;
        var usage = TokenUsage.None;
        var failures = new List<(string, string)>();
        string? stopReason = null;
        var batchWriter = new ProcessedBatchWriter(contextFactory);
        var clearFailures = await AnyFailureRecordedAsync(cancellationToken);

        void CountFailure(string key, string error)
        {
            consecutiveFailures++;
            Log(progress, $"Processing failed for {key}: {error} (consecutive failures: {consecutiveFailures})", LogLevel.Warning);
            if (consecutiveFailures >= ConsecutiveFailureLimit && stopReason is null)
            {
                Volatile.Write(ref stopReason, $"{ConsecutiveFailureLimit} consecutive failures; the last one: {error}");
                Log(progress, $"Aborting after {ConsecutiveFailureLimit} consecutive failures.", LogLevel.Error);
            }
        }

        // Taken when scoring ends, in the order the results are handed to the writer.
        void Account(Outcome outcome)
        {
            lock (gate)
            {
                if (outcome.Usage is not null)
                {
                    usage = usage.Add(outcome.Usage);
                }

                if (outcome.CostUsd is { } usd)
                {
                    cost += usd;
                    progress.AddCost(usd);
                }

                if (outcome.Error is null)
                {
                    consecutiveFailures = 0;
                }
                else
                {
                    CountFailure(outcome.IssueKey, outcome.Error);
                }

                // Decided when scoring ends, not when the row is written, so no further call is started.
                if (budget is { } limit && cost >= limit && stopReason is null)
                {
                    Volatile.Write(ref stopReason, string.Create(CultureInfo.InvariantCulture, $"the job budget of ${limit:0.00} was reached (spent ${cost:0.000000})."));
                    Log(progress, "Stopping: " + stopReason, LogLevel.Warning);
                }
            }
        }

        bool Stopped() => Volatile.Read(ref stopReason) is not null;

        async Task<Outcome> ScoreAsync(LoadedConversation loaded, CancellationToken ct)
        {
            var row = loaded.Row;
            var conversation = loaded.ToConversation();
            var metrics = metricsCalculator.Compute(conversation);
            try
            {
                var assessment = await scorer.ScoreAsync(conversation, metrics, ct);

                // The row to store is built here, on the scoring threads, so the single writer only stores it.
                var stored = new ProcessedConversation();
                ProcessedConversationMapper.Apply(stored, conversation, metrics, assessment, request.JobId, default);
                return new Outcome(row.IssueKey, row.ContentHash, null, assessment.Usage, assessment.CostUsd, stored);
            }
            catch (ScoringException ex)
            {
                return new Outcome(row.IssueKey, row.ContentHash, ex.Message, ex.Usage, ex.CostUsd, null);
            }
        }

        // Scoring runs ahead while one writer stores results a batch (one transaction) at a time, so scoring never waits
        // for the database and a batch costs a fixed number of statements. A heuristic batch is handed over whole; LLM
        // results one by one, and the writer takes what has arrived (up to a batch) without waiting for more.
        var outcomes = Channel.CreateBounded<IReadOnlyList<Outcome>>(new BoundedChannelOptions(usesLlm ? concurrency * 2 : 2) { SingleReader = true });
        var writer = Task.Run(
            async () =>
            {
                var batch = new List<Outcome>(batchSize);
                while (await outcomes.Reader.WaitToReadAsync(CancellationToken.None))
                {
                    batch.Clear();
                    while (batch.Count < batchSize && outcomes.Reader.TryRead(out var next))
                    {
                        batch.AddRange(next);
                    }

                    // Scored work is stored even when the run is being cancelled: its cost is already spent.
                    var storeErrors = await StoreAsync(batchWriter, batch, clearFailures);
                    await ReleaseAsync(owner, batch);
                    var items = new List<string>(batch.Count);
                    int completedBefore;
                    lock (gate)
                    {
                        completedBefore = done;
                        foreach (var outcome in batch)
                        {
                            var key = outcome.IssueKey;
                            var error = outcome.Error ?? storeErrors?.GetValueOrDefault(key);
                            done++;
                            items.Add(key);
                            if (error is null)
                            {
                                processed++;
                                continue;
                            }

                            failures.Add((key, error));
                            if (outcome.Error is null)
                            {
                                // A result that could not be stored is a failure like any other.
                                CountFailure(key, error);
                            }
                        }
                    }

                    foreach (var outcome in batch)
                    {
                        if ((outcome.Error ?? storeErrors?.GetValueOrDefault(outcome.IssueKey)) is { } error)
                        {
                            clearFailures = true;
                            await RecordFailureAsync(outcome.IssueKey, error, scorer.Version, request.JobId);
                        }
                    }

                    // One line per conversation for the job log and the CLI, handed over once per batch; the app log
                    // gets the batch's last line only.
                    progress.ReportItems(completedBefore, Volatile.Read(ref total), items);
                    // The job log and the CLI get every line from the progress report; the app log gets one line per
                    // batch, and only at Debug, so a production log does not grow with the conversations scored.
                    logger.LogDebug("{Line}", JobProgressTracker.FormatProgressLine(completedBefore + items.Count, Volatile.Read(ref total), items[^1]));
                }
            },
            CancellationToken.None);

        try
        {
            if (usesLlm)
            {
                // Cancelling stops new calls at once; calls under way get the drain time to answer, and their answers are stored.
                using var drain = new CancellationTokenSource();
                await using var drainOnCancel = cancellationToken.Register(() => drain.CancelAfter(scorerFactory.ScoringOptions.DrainTimeout));
                await Parallel.ForEachAsync(
                    Flatten(LoadAsync(keys, readBatchSize, ClaimAsync, Stopped, cancellationToken)),
                    new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                    async (row, _) =>
                    {
                        if (Stopped())
                        {
                            return;
                        }

                        var outcome = await ScoreAsync(row, drain.Token);
                        Account(outcome);
                        await outcomes.Writer.WriteAsync([outcome], CancellationToken.None);
                    });
            }
            else
            {
                // CPU-bound scoring: each batch is scored on every core and handed over in selection order, while the
                // writer stores the batch before it.
                await foreach (var rows in LoadAsync(keys, readBatchSize, ClaimAsync, Stopped, cancellationToken))
                {
                    var scored = new Outcome?[rows.Count];
                    try
                    {
                        await Parallel.ForAsync(
                            0,
                            rows.Count,
                            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                            async (i, ct) => scored[i] = await ScoreAsync(rows[i], ct));
                    }
                    finally
                    {
                        // When the run is cancelled midway, what was scored before the first unscored one is still stored.
                        var ready = scored.TakeWhile(o => o is not null).Select(o => o!).ToList();
                        foreach (var outcome in ready)
                        {
                            Account(outcome);
                        }

                        if (ready.Count > 0)
                        {
                            await outcomes.Writer.WriteAsync(ready, CancellationToken.None);
                        }
                    }

                    if (Stopped())
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            outcomes.Writer.TryComplete();
            await writer;
        }

        var result = new ProcessingResult(total, processed, failures, cost, usage, scorer.Version, stopReason) { ClaimedElsewhere = claimedElsewhere };
        Log(progress, result.Describe());
        return result;
    }
}
