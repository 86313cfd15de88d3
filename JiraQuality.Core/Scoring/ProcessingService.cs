using System.Globalization;
using System.Threading.Channels;
using JiraQuality.Core.Domain;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Core.Scoring;

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
/// its processed flag in one transaction, so a run can stop anywhere and the next one resumes without
/// duplicates or lost work.
/// </summary>
public sealed class ProcessingService(
    IDbContextFactory<JiraQualityDbContext> contextFactory,
    ScorerFactory scorerFactory,
    TimeProvider timeProvider,
    ILogger<ProcessingService> logger,
    ProcessingLane? lane = null)
{
    public const int ConsecutiveFailureLimit = 3;

    /// <summary>How many times a run looks again for conversations stored while it was scoring.</summary>
    public const int LateArrivalRounds = 20;

    private readonly ProcessingLane _lane = lane ?? new ProcessingLane();

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
        var selectedAt = timeProvider.GetUtcNow().UtcDateTime;
        var result = await RunAsync(request, scorer, progress, cancellationToken);
        return await ProcessLateArrivalsAsync(request, scorer, selectedAt, result, progress, cancellationToken);
    }

    /// <summary>
    /// Conversations stored (by a webhook, a sync or an import) after this run chose its work would otherwise wait for
    /// the next run: whole-backlog runs score them before they end. Filtered runs (keys, limit, rescore) do not.
    /// </summary>
    private async Task<ProcessingResult> ProcessLateArrivalsAsync(
        ProcessingRequest request, IConversationScorer scorer, DateTime selectedAt, ProcessingResult result, IJobProgress progress, CancellationToken cancellationToken)
    {
        if (request.IssueKeys is not null || request.Limit is not null || request.Force || request.OnlyScorerKind is not null)
        {
            return result;
        }

        var attempted = new HashSet<string>(result.Failures.Select(f => f.IssueKey), StringComparer.Ordinal);
        for (var round = 0; round < LateArrivalRounds && result.StopReason is null; round++)
        {
            // A little before the selection, so a clock a moment behind on the storing instance loses nothing.
            var since = selectedAt - TimeSpan.FromSeconds(2);
            selectedAt = timeProvider.GetUtcNow().UtcDateTime;
            List<string> late;
            await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
            {
                late = await db.PreparedConversations.AsNoTracking()
                    .Where(p => !p.Processed && p.PreparedAtUtc >= since)
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
            var more = await RunAsync(request with { IssueKeys = late, BudgetUsd = budget - result.CostUsd }, scorer, progress, cancellationToken);
            attempted.UnionWith(more.Failures.Select(f => f.IssueKey));
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

    public async Task<ProcessingResult> RunAsync(ProcessingRequest request, IConversationScorer scorer, IJobProgress progress, CancellationToken cancellationToken)
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

        var concurrency = Math.Max(1, request.Concurrency ?? (scorer.Kind == ScorerKinds.Llm ? scorerFactory.LlmOptions.Concurrency : 1));
        var budget = request.BudgetUsd ?? (scorerFactory.LlmOptions.JobBudgetUsd > 0 ? scorerFactory.LlmOptions.JobBudgetUsd : null);
        Log(progress, $"Processing {total} conversations with {scorer.Version} ({concurrency} at a time{(budget is null ? "" : string.Create(CultureInfo.InvariantCulture, $", budget ${budget:0.00}"))}).");
        progress.Report(0, total);

        var gate = new Lock();
        int done = 0, processed = 0, consecutiveFailures = 0;
        double cost = 0;
        var usage = TokenUsage.None;
        var failures = new List<(string, string)>();
        string? stopReason = null;

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

        // Scoring runs `concurrency` wide; one writer stores results in completion order, so a slot never waits
        // for the database (SQLite has one writer anyway) and stop decisions are taken as soon as scoring ends.
        var outcomes = Channel.CreateBounded<Outcome>(new BoundedChannelOptions(concurrency * 2) { SingleReader = true });
        var writer = Task.Run(
            async () =>
            {
                await foreach (var outcome in outcomes.Reader.ReadAllAsync(CancellationToken.None))
                {
                    var error = outcome.Error;
                    if (error is null)
                    {
                        try
                        {
                            // Scored work is stored even when the run is being cancelled: its cost is already spent.
                            await StoreAsync(outcome.Conversation, outcome.ContentHash, outcome.Metrics!, outcome.Assessment!, request.JobId, CancellationToken.None);
                        }
                        catch (DbUpdateException ex)
                        {
                            error = "could not store the result: " + (ex.InnerException?.Message ?? ex.Message);
                        }
                    }

                    if (error is not null)
                    {
                        await RecordFailureAsync(outcome.Conversation.IssueKey, error, scorer.Version, request.JobId);
                    }

                    var key = outcome.Conversation.IssueKey;
                    lock (gate)
                    {
                        done++;
                        if (error is null)
                        {
                            processed++;
                            // The job's own log gets this line from progress.Report below; the app log gets it only at Debug,
                            // so a production log does not grow by one line per conversation.
                            logger.LogDebug("{Line}", JobProgressTracker.FormatProgressLine(done, total, key));
                        }
                        else
                        {
                            failures.Add((key, error));
                            if (outcome.Error is null)
                            {
                                // A result that could not be stored is a failure like any other.
                                CountFailure(key, error);
                            }
                        }
                    }

                    progress.Report(done, total, key);
                }
            },
            CancellationToken.None);

        try
        {
            await Parallel.ForEachAsync(
                LoadAsync(keys, () => Volatile.Read(ref stopReason) is not null, cancellationToken),
                new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                async (item, ct) =>
                {
                    if (Volatile.Read(ref stopReason) is not null)
                    {
                        return;
                    }

                    var (conversation, contentHash) = item;
                    Outcome outcome;
                    var metrics = metricsCalculator.Compute(conversation);
                    try
                    {
                        var assessment = await scorer.ScoreAsync(conversation, metrics, ct);
                        outcome = new Outcome(conversation, contentHash, metrics, assessment, null, assessment.Usage, assessment.CostUsd);
                    }
                    catch (ScoringException ex)
                    {
                        outcome = new Outcome(conversation, contentHash, metrics, null, ex.Message, ex.Usage, ex.CostUsd);
                    }

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
                            CountFailure(conversation.IssueKey, outcome.Error);
                        }

                        // Decided when scoring ends, not when the row is written, so no further call is started.
                        if (budget is { } limit && cost >= limit && stopReason is null)
                        {
                            Volatile.Write(ref stopReason, string.Create(CultureInfo.InvariantCulture, $"the job budget of ${limit:0.00} was reached (spent ${cost:0.000000})."));
                            Log(progress, "Stopping: " + stopReason, LogLevel.Warning);
                        }
                    }

                    await outcomes.Writer.WriteAsync(outcome, CancellationToken.None);
                });
        }
        finally
        {
            outcomes.Writer.TryComplete();
            await writer;
        }

        var result = new ProcessingResult(total, processed, failures, cost, usage, scorer.Version, stopReason);
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
            select new { p.IssueKey, p.CreatedUtc, p.Processed, x, Attempts = f == null ? 0 : f.Attempts };

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
                || !r.Processed
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

    private async IAsyncEnumerable<(Conversation Conversation, string ContentHash)> LoadAsync(
        List<string> keys,
        Func<bool> stopped,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batchSize = Math.Max(1, scorerFactory.ScoringOptions.BatchSize);
        for (var offset = 0; offset < keys.Count && !stopped(); offset += batchSize)
        {
            var batch = keys.GetRange(offset, Math.Min(batchSize, keys.Count - offset));
            List<PreparedConversation> rows;
            await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
            {
                rows = await db.PreparedConversations.AsNoTracking().Where(p => batch.Contains(p.IssueKey)).ToListAsync(cancellationToken);
            }

            var byKey = rows.ToDictionary(r => r.IssueKey, StringComparer.Ordinal);
            foreach (var key in batch)
            {
                if (stopped())
                {
                    yield break;
                }

                if (byKey.TryGetValue(key, out var row))
                {
                    yield return (row.ToConversation(), row.ContentHash);
                }
            }
        }
    }

    private async Task StoreAsync(Conversation conversation, string contentHash, ConversationMetrics metrics, QualityAssessment assessment, Guid? jobId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var prepared = await db.PreparedConversations.SingleOrDefaultAsync(p => p.IssueKey == conversation.IssueKey, cancellationToken);
        var row = await db.ProcessedConversations.SingleOrDefaultAsync(p => p.IssueKey == conversation.IssueKey, cancellationToken);
        if (row is null)
        {
            row = new ProcessedConversation();
            db.ProcessedConversations.Add(row);
        }

        ProcessedConversationMapper.Apply(row, conversation, metrics, assessment, jobId, timeProvider.GetUtcNow().UtcDateTime);

        // A thread re-imported while it was being scored stays pending: the stored verdict is for the old text.
        if (prepared is not null && prepared.ContentHash == contentHash)
        {
            prepared.Processed = true;
        }

        if (await db.ScoringFailures.SingleOrDefaultAsync(f => f.IssueKey == conversation.IssueKey, cancellationToken) is { } failure)
        {
            db.ScoringFailures.Remove(failure);
        }

        // One SaveChanges is one transaction: the result and the processed flag are written together or not at all.
        await db.SaveChangesAsync(cancellationToken);
    }

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

    private sealed record Outcome(
        Conversation Conversation,
        string ContentHash,
        ConversationMetrics? Metrics,
        QualityAssessment? Assessment,
        string? Error,
        TokenUsage? Usage,
        double? CostUsd);

    private void Log(IJobProgress progress, string line, LogLevel level = LogLevel.Information)
    {
        logger.Log(level, "{Line}", line);
        progress.Log(line);
    }
}
