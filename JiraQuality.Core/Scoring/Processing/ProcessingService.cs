using System.Globalization;
using System.Threading.Channels;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>The conversations a run will score, and those set aside after repeated failures (at most 50 listed).</summary>
public sealed record ProcessingSelection(List<string> Keys, List<string> SetAside);

/// <summary>What one processing run should do.</summary>
public sealed record ProcessingRequest
{
    public ScorerSelection Scorer { get; init; } = new();

    /// <summary>At most this many conversations; null is all that are pending.</summary>
    public int? Limit { get; init; }

    /// <summary>Only these tickets. With <see cref="Force"/> they are re-scored whatever their state.</summary>
    public IReadOnlyList<string>? IssueKeys { get; init; }

    /// <summary>Re-score the selected tickets even when they are up to date.</summary>
    public bool Force { get; init; }

    /// <summary>Include rows imported from the predecessor's CSVs (left alone otherwise).</summary>
    public bool IncludeImported { get; init; }

    /// <summary>Only rows currently scored by this kind (heuristic, llm, imported); for rescoring a filter.</summary>
    public string? OnlyScorerKind { get; init; }

    public int? Concurrency { get; init; }
    public double? BudgetUsd { get; init; }
    public Guid? JobId { get; init; }
}

public sealed record ProcessingResult(
    int Selected,
    int Processed,
    IReadOnlyList<(string IssueKey, string Error)> Failures,
    double CostUsd,
    TokenUsage Usage,
    string ScorerVersion,
    string? StopReason)
{
    /// <summary>
    /// Selected conversations another run had claimed (on a shared database): that run scores them, or, when it dies, this
    /// one takes them over once the claim runs out.
    /// </summary>
    public IReadOnlyList<string> ClaimedElsewhere { get; init; } = [];

    public string Describe()
    {
        var text = Selected == 0
            ? "No new conversations to process."
            : string.Create(CultureInfo.InvariantCulture, $"Stored {Processed} processed conversations ({ScorerVersion}); {Failures.Count} failed; cost ${CostUsd:0.000000} ({Usage.InputTokens} input, {Usage.CachedInputTokens} cached, {Usage.OutputTokens} output tokens).");
        if (StopReason is not null)
        {
            text += " Stopped: " + StopReason;
        }

        if (Failures.Count > 0)
        {
            text += " Unprocessed: " + string.Join(", ", Failures.Take(20).Select(f => f.IssueKey)) + (Failures.Count > 20 ? ", ..." : "") + ".";
        }

        return text;
    }
}

/// <summary>
/// Scores prepared conversations that are not up to date for the current scorer and stores each result with
/// the content hash it was scored from in one transaction, so a run can stop anywhere and the next one resumes without
/// duplicates or lost work.
/// </summary>
public sealed class ProcessingService(
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

    /// <summary>
    /// Waits for the conversations other runs had claimed when this one wanted them: those they store are done, and
    /// those whose claim runs out (their instance died) this run scores, so the backlog is finished whoever stops.
    /// </summary>
    private async Task<ProcessingResult> TakeOverAsync(
        ProcessingRequest request, IConversationScorer scorer, ProcessingResult result, IJobProgress progress, string owner, CancellationToken cancellationToken)
    {
        var waiting = result.ClaimedElsewhere.ToList();
        if (waiting.Count == 0)
        {
            return result;
        }

        Log(progress, $"{waiting.Count} conversation(s) are being scored by another run; waiting for it, and taking over those it leaves.");
        // One cheap indexed read per poll; a short poll lets the run end soon after the other run stores the last of them.
        var poll = TimeSpan.FromTicks(Math.Min(_claims.RenewInterval.Ticks, TimeSpan.FromMilliseconds(250).Ticks));
        var budget = request.BudgetUsd ?? (scorerFactory.LlmOptions.JobBudgetUsd > 0 ? scorerFactory.LlmOptions.JobBudgetUsd : null);
        while (waiting.Count > 0 && result.StopReason is null)
        {
            await Task.Delay(poll, timeProvider, cancellationToken);
            var (held, expired) = await _claims.HeldElsewhereAsync(owner, waiting, cancellationToken);
            // A rescore re-scores whatever it is given: what the other run stored is done, only what it left is taken over.
            var free = waiting.Where(k => !held.Contains(k) && (!request.Force || expired.Contains(k))).ToList();
            waiting.RemoveAll(k => !held.Contains(k) && !expired.Contains(k) && request.Force);
            if (free.Count == 0)
            {
                continue;
            }

            if (budget is { } limit && result.CostUsd >= limit)
            {
                break;
            }

            var more = await RunAsync(request with { IssueKeys = free, Limit = null, BudgetUsd = budget - result.CostUsd }, scorer, progress, owner, cancellationToken);
            waiting = [.. waiting.Except(free, StringComparer.Ordinal), .. more.ClaimedElsewhere];
            result = new ProcessingResult(
                result.Selected + more.Selected,
                result.Processed + more.Processed,
                [.. result.Failures, .. more.Failures],
                result.CostUsd + more.CostUsd,
                result.Usage.Add(more.Usage),
                result.ScorerVersion,
                more.StopReason);
        }

        return result;
    }

    /// <summary>
    /// Conversations stored (by a webhook, a sync or an import) after this run chose its work would otherwise wait for
    /// the next run: whole-backlog runs score them before they end. Filtered runs (keys, limit, rescore) do not.
    /// </summary>
    private async Task<ProcessingResult> ProcessLateArrivalsAsync(
        ProcessingRequest request, IConversationScorer scorer, DateTime selectedAt, ProcessingResult result, IJobProgress progress, string owner, CancellationToken cancellationToken)
    {
        if (request.IssueKeys is not null || request.Limit is not null || request.Force || request.OnlyScorerKind is not null)
        {
            return result;
        }

        // Conversations another run claimed are waited for after these rounds, not asked for again in each.
        var attempted = new HashSet<string>(result.Failures.Select(f => f.IssueKey).Concat(result.ClaimedElsewhere), StringComparer.Ordinal);
        var claimedElsewhere = result.ClaimedElsewhere.ToList();
        for (var round = 0; round < LateArrivalRounds && result.StopReason is null; round++)
        {
            // A little before the selection, so a clock a moment behind on the storing instance loses nothing.
            var since = selectedAt - TimeSpan.FromSeconds(2);
            selectedAt = timeProvider.GetUtcNow().UtcDateTime;
            List<string> late;
            await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
            {
                late = await db.PreparedConversations.AsNoTracking()
                    .Where(p => p.PreparedAtUtc >= since && !db.ProcessedConversations.Any(x => x.IssueKey == p.IssueKey && x.ScoredContentHash == p.ContentHash))
                    .OrderBy(p => p.PreparedAtUtc).ThenBy(p => p.IssueKey)
                    .Select(p => p.IssueKey)
                    .ToListAsync(cancellationToken);
            }

            late.RemoveAll(attempted.Contains);
            if (late.Count == 0)
            {
                break;
            }

            // The job's budget covers every round.
            var budget = request.BudgetUsd ?? (scorerFactory.LlmOptions.JobBudgetUsd > 0 ? scorerFactory.LlmOptions.JobBudgetUsd : null);
            if (budget is { } limit && result.CostUsd >= limit)
            {
                break;
            }

            Log(progress, $"{late.Count} conversation(s) were stored while this run was scoring; scoring them before it ends.");
            var more = await RunAsync(request with { IssueKeys = late, BudgetUsd = budget - result.CostUsd }, scorer, progress, owner, cancellationToken);
            attempted.UnionWith(more.Failures.Select(f => f.IssueKey));
            attempted.UnionWith(more.ClaimedElsewhere);
            claimedElsewhere.AddRange(more.ClaimedElsewhere);
            result = new ProcessingResult(
                result.Selected + more.Selected,
                result.Processed + more.Processed,
                [.. result.Failures, .. more.Failures],
                result.CostUsd + more.CostUsd,
                result.Usage.Add(more.Usage),
                result.ScorerVersion,
                more.StopReason);
        }

        return result with { ClaimedElsewhere = claimedElsewhere };
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

    /// <summary>The keys a run would process (oldest ticket first, earlier failures last) and those set aside.</summary>
    public async Task<ProcessingSelection> SelectKeysAsync(ProcessingRequest request, IConversationScorer scorer, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var kind = scorer.Kind;
        var version = scorer.Version;
        var imported = ScorerKinds.Imported;
        var heuristic = ScorerKinds.Heuristic;
        var upgradesHeuristic = kind == ScorerKinds.Llm;
        var includeImported = request.IncludeImported;

        var query =
            from p in db.PreparedConversations
            join x in db.ProcessedConversations on p.IssueKey equals x.IssueKey into rows
            from x in rows.DefaultIfEmpty()
            join f in db.ScoringFailures on p.IssueKey equals f.IssueKey into failed
            from f in failed.DefaultIfEmpty()
            select new { p.IssueKey, p.CreatedUtc, p.ContentHash, x, Attempts = f == null ? 0 : f.Attempts };

        var byKey = request.IssueKeys is { Count: > 0 };
        if (byKey)
        {
            var keys = request.IssueKeys!.Select(k => k.Trim()).ToList();
            query = query.Where(r => keys.Contains(r.IssueKey));
        }

        if (!string.IsNullOrWhiteSpace(request.OnlyScorerKind))
        {
            var only = request.OnlyScorerKind;
            query = query.Where(r => r.x != null && r.x.ScorerKind == only);
        }

        if (!includeImported)
        {
            query = query.Where(r => r.x == null || r.x.ScorerKind != imported);
        }

        if (!request.Force)
        {
            // Pending: never scored, changed since, scored by an older version of this scorer, or (for the LLM)
            // only judged by the heuristic so far.
            query = query.Where(r =>
                r.x == null
                || r.x.ScoredContentHash != r.ContentHash
                || (r.x.ScorerKind == kind && r.x.ScorerVersion != version)
                || (upgradesHeuristic && r.x.ScorerKind == heuristic)
                || (includeImported && r.x.ScorerKind == imported));
        }

        // Conversations that failed before go last, and after too many failed runs they wait until asked for by
        // key, so a few poisoned tickets cannot abort every run.
        var quarantineAfter = scorerFactory.ScoringOptions.QuarantineAfterFailedRuns;
        List<string> setAside = [];
        if (!byKey && quarantineAfter > 0)
        {
            setAside = await query.Where(r => r.Attempts >= quarantineAfter).OrderBy(r => r.IssueKey).Select(r => r.IssueKey).Take(50).ToListAsync(cancellationToken);
            query = query.Where(r => r.Attempts < quarantineAfter);
        }
        var ordered = query.OrderBy(r => r.Attempts).ThenBy(r => r.CreatedUtc).ThenBy(r => r.IssueKey).Select(r => r.IssueKey);
        var selected = request.Limit is > 0 and var limit
            ? await ordered.Take(limit).ToListAsync(cancellationToken)
            : await ordered.ToListAsync(cancellationToken);
        return new ProcessingSelection(selected, setAside);
    }

    /// <summary>
    /// The selected rows in selection order, a batch per round trip (looked up by primary key, not tracked); the next
    /// batch is read while the caller works on the current one.
    /// </summary>
    private async IAsyncEnumerable<List<LoadedConversation>> LoadAsync(
        List<string> keys,
        int batchSize,
        Func<List<string>, CancellationToken, Task<List<string>>> claim,
        Func<bool> stopped,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Task<List<LoadedConversation>>? next = keys.Count > 0 ? ReadBatchAsync(keys, 0, batchSize, claim, cancellationToken) : null;
        for (var offset = 0; next is not null && !stopped(); offset += batchSize)
        {
            var rows = await next;
            next = offset + batchSize < keys.Count ? ReadBatchAsync(keys, offset + batchSize, batchSize, claim, cancellationToken) : null;
            if (rows.Count == 0)
            {
                // Every one of them claimed by another run.
                continue;
            }

            yield return rows;
        }

        if (next is not null)
        {
            // Stopped early: let the read that is under way end before the run returns.
            try
            {
                await next;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static async IAsyncEnumerable<LoadedConversation> Flatten(IAsyncEnumerable<List<LoadedConversation>> batches)
    {
        await foreach (var rows in batches)
        {
            foreach (var row in rows)
            {
                yield return row;
            }
        }
    }

    private async Task<List<LoadedConversation>> ReadBatchAsync(
        List<string> keys, int offset, int batchSize, Func<List<string>, CancellationToken, Task<List<string>>> claim, CancellationToken cancellationToken)
    {
        var batch = await claim(keys.GetRange(offset, Math.Min(batchSize, keys.Count - offset)), cancellationToken);
        if (batch.Count == 0)
        {
            return [];
        }

        List<LoadedConversation> rows;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            rows = await PreparedBatchReader.ReadAsync(db, batch, cancellationToken);
        }

        var byKey = rows.ToDictionary(r => r.Row.IssueKey, StringComparer.Ordinal);
        var ordered = new List<LoadedConversation>(batch.Count);
        foreach (var key in batch)
        {
            if (byKey.TryGetValue(key, out var row))
            {
                ordered.Add(row);
            }
        }

        return ordered;
    }

    private async Task<bool> AnyFailureRecordedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ScoringFailures.AnyAsync(cancellationToken);
    }

    /// <summary>
    /// Stores the scored outcomes of a batch in one transaction; if that fails, each alone, so one bad row does not fail
    /// the others. Returns the keys that could not be stored, with the reason (null when all were).
    /// </summary>
    private async Task<Dictionary<string, string>?> StoreAsync(ProcessedBatchWriter batchWriter, List<Outcome> batch, bool clearFailures)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var rows = new List<ScoredRow>(batch.Count);
        foreach (var outcome in batch)
        {
            if (outcome is { Error: null, Row: { } row })
            {
                row.ProcessedAtUtc = now;
                rows.Add(new ScoredRow(row, outcome.ContentHash));
            }
        }

        try
        {
            await batchWriter.WriteAsync(rows, clearFailures, CancellationToken.None);
            return null;
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException && rows.Count > 1)
        {
            logger.LogWarning(ex, "Could not store a batch of {Count} processed conversations; storing them one by one", rows.Count);
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
        {
            return new Dictionary<string, string> { [rows[0].Row.IssueKey] = StoreError(ex) };
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            try
            {
                await batchWriter.WriteAsync([row], clearFailures, CancellationToken.None);
            }
            catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
            {
                errors[row.Row.IssueKey] = StoreError(ex);
            }
        }

        return errors.Count == 0 ? null : errors;
    }

    /// <summary>Gives back the claims of a stored batch (failed ones too: they are recorded and wait for the next run).</summary>
    private async Task ReleaseAsync(string owner, List<Outcome> batch)
    {
        try
        {
            await _claims.ReleaseAsync(owner, batch.Select(o => o.IssueKey).ToList(), CancellationToken.None);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            // They are released when the run ends, or run out.
            logger.LogWarning(ex, "Could not release the claims of {Count} stored conversations", batch.Count);
        }
    }

    private static string StoreError(Exception ex) => "could not store the result: " + (ex.InnerException?.Message ?? ex.Message);

    private async Task RecordFailureAsync(string issueKey, string error, string scorerVersion, Guid? jobId)
    {
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(CancellationToken.None);
            var failure = await db.ScoringFailures.SingleOrDefaultAsync(f => f.IssueKey == issueKey, CancellationToken.None);
            if (failure is null)
            {
                failure = new ScoringFailure { IssueKey = issueKey };
                db.ScoringFailures.Add(failure);
            }

            failure.Attempts++;
            failure.LastError = error.Length <= 2000 ? error : error[..2000];
            failure.LastAttemptAtUtc = timeProvider.GetUtcNow().UtcDateTime;
            failure.ScorerVersion = scorerVersion;
            failure.JobId = jobId;
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException ex)
        {
            // The failure is still reported by the run; only its bookkeeping is lost.
            logger.LogWarning(ex, "Could not record the scoring failure of {IssueKey}", issueKey);
        }
    }

    /// <summary>
    /// What the writer needs of a scored conversation: the row to store (or the error), not the conversation itself, so
    /// threads, metrics and assessments are garbage as soon as a conversation is scored instead of living until its
    /// batch is written.
    /// </summary>
    private sealed record Outcome(
        string IssueKey,
        string ContentHash,
        string? Error,
        TokenUsage? Usage,
        double? CostUsd,
        ProcessedConversation? Row);

    /// <summary>Progress of a run made of rounds: each round reports from zero, the sink sees one count going up.</summary>
    private sealed class RoundsProgress(IJobProgress inner) : IJobProgress
    {
        private int _before;
        private int _last;

        public Guid? JobId => inner.JobId;

        public void Report(int completed, int total, string? currentItem = null)
        {
            var before = Volatile.Read(ref _before);
            if (completed == 0 && Volatile.Read(ref _last) > 0)
            {
                // A new round starts: what the previous one completed stays counted.
                before = Interlocked.Add(ref _before, Interlocked.Exchange(ref _last, 0));
            }

            Volatile.Write(ref _last, Math.Max(Volatile.Read(ref _last), completed));
            inner.Report(before + completed, before + total, currentItem);
        }

        public void ReportItems(int completedBefore, int total, IReadOnlyList<string> items)
        {
            var before = Volatile.Read(ref _before);
            Volatile.Write(ref _last, Math.Max(Volatile.Read(ref _last), completedBefore + items.Count));
            inner.ReportItems(before + completedBefore, before + total, items);
        }

        public void Log(string line) => inner.Log(line);

        public void AddCost(double usd) => inner.AddCost(usd);
    }

    private void Log(IJobProgress progress, string line, LogLevel level = LogLevel.Information)
    {
        logger.Log(level, "{Line}", line);
        progress.Log(line);
    }
}
