using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;


namespace JiraQuality.Core.Jobs;

/// <summary>Execution: claiming a queued job, running its handler, saving its progress and queueing what follows it.</summary>
public sealed partial class JobRunner
{
    private async Task RunJobAsync(Guid id)
    {
        var run = await _store.FindAsync(id, _stopping);
        if (run is null || run.State != JobStates.Queued)
        {
            if (run is { State: not JobStates.Running })
            {
                // Ended while it waited (cancelled through another instance): make sure watchers here know.
                _events.PublishFinished(JobStore.ToSnapshot(run));
            }

            return;
        }

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_stopping);
        _cancellations[id] = cancellation;
        try
        {
            await using var lease = await AcquireKindLockAsync(run, cancellation.Token);
            if (lease is null)
            {
                return;
            }

            var startedAt = UtcNow();
            var joinsOnlyQueued = _options.KindsJoiningOnlyQueuedJobs.Contains(run.Kind, StringComparer.Ordinal);
            if (!await _store.TryClaimAsync(id, startedAt, CancellationToken.None, releaseInputKey: joinsOnlyQueued))
            {
                return;
            }

            var started = JobStore.ToSnapshot(run) with { State = JobStates.Running, StartedAtUtc = startedAt };
            var tracker = new JobProgressTracker(started, _events, _timeProvider, _logger, _options.LogTailLines);
            _trackers[id] = tracker;
            _events.PublishUpdate(tracker.CurrentUpdate());
            await RunClaimedAsync(run, started, tracker, cancellation);
        }
        finally
        {
            _cancellations.TryRemove(id, out _);
            _trackers.TryRemove(id, out _);
        }
    }

    private async Task<IAsyncDisposable?> AcquireKindLockAsync(StoredJob run, CancellationToken cancellationToken)
    {
        var waiting = false;
        try
        {
            while (true)
            {
                var lease = await _kindLock.TryAcquireAsync(LockNameOf(run), cancellationToken);
                if (lease is not null)
                {
                    return lease;
                }

                // Another instance may have taken this very job (both found it queued): waiting would hold this
                // kind's lane here for as long as that instance runs it.
                var now = await _store.FindAsync(run.Id, cancellationToken);
                if (now is not { State: JobStates.Queued })
                {
                    _logger.LogInformation("Job {JobId} ({Kind}) was taken or ended by another instance", run.Id, run.Kind);
                    if (now is { State: not JobStates.Running })
                    {
                        _events.PublishFinished(JobStore.ToSnapshot(now));
                    }

                    return null;
                }

                if (!waiting)
                {
                    waiting = true;
                    _logger.LogInformation("Another instance is running a {Kind} job; job {JobId} waits for it", run.Kind, run.Id);
                }

                await Task.Delay(_options.LockPollInterval, _timeProvider, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (!_stopping.IsCancellationRequested &&
                await _store.TryEndAsync(run.Id, JobStates.Queued, JobStates.Cancelled, UtcNow(), "Cancelled before it started.", CancellationToken.None))
            {
                var cancelled = await _store.FindAsync(run.Id, CancellationToken.None);
                _events.PublishFinished(JobStore.ToSnapshot(cancelled ?? run));
            }

            return null;
        }
    }

    private async Task RunClaimedAsync(StoredJob run, JobSnapshot started, JobProgressTracker tracker, CancellationTokenSource cancellation)
    {
        using var stopSaving = new CancellationTokenSource();
        var saving = SaveProgressLoopAsync(run.Id, tracker, cancellation, stopSaving.Token);
        var request = JobStore.ToRequest(run);
        string state;
        string? error = null;
        JobResult? result = null;
        tracker.Log($"Started {run.Kind} job requested by {run.RequestedBy}.");
        try
        {
            await using var scope = _scopeFactory.CreateAsyncScope();
            var handler = ResolveHandler(scope.ServiceProvider, run.Kind);
            cancellation.Token.ThrowIfCancellationRequested();
            IJobProgress sink = _echoes.TryGetValue(run.Id, out var echo) ? new EchoedProgress(tracker, echo) : tracker;
            result = await handler.RunAsync(request, sink, cancellation.Token);
            state = JobStates.Succeeded;
            tracker.Log(result.Failed > 0 ? $"{result.Summary} ({result.Failed} failed)" : result.Summary);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            state = _stopping.IsCancellationRequested ? JobStates.Interrupted : JobStates.Cancelled;
            error = state == JobStates.Interrupted
                ? "The app stopped while this job was running; its work was queued again."
                : CancelledMessage;
            tracker.Log(error);
        }
        catch (Exception ex)
        {
            state = JobStates.Failed;
            error = ex.Message;
            _logger.LogError(ex, "Job {JobId} ({Kind}) failed", run.Id, run.Kind);
            tracker.Log("Failed: " + ex.Message);
        }

        if (state == JobStates.Succeeded && FollowUpOf(run.Id, request) is { } followUp)
        {
            try
            {
                // A running job of that kind may have read its backlog before this one's output existed.
                var next = await EnqueueAsync(followUp, joinRunning: false, CancellationToken.None);
                tracker.Log($"Queued {next.Kind} job {next.Id} to follow.");
            }
            catch (Exception ex) when (ex is JobQueueFullException or InvalidOperationException)
            {
                tracker.Log($"Could not queue the follow-up {followUp.Kind} job: {ex.Message}");
            }
        }

        await stopSaving.CancelAsync();
        await saving;
        var finishedAt = UtcNow();
        var progress = tracker.Capture();
        await _store.FinishAsync(run.Id, state, progress, finishedAt, result?.Summary, result?.Failed ?? 0, error, CancellationToken.None);
        if (state == JobStates.Interrupted)
        {
            await RequeueInterruptedWorkAsync(run, enqueueLocally: false, CancellationToken.None);
        }

        _logger.LogInformation("Job {JobId} ({Kind}) {State}", run.Id, run.Kind, state);
        _events.PublishFinished(started with
        {
            State = state,
            Completed = progress.Completed,
            Total = progress.Total,
            CurrentItem = progress.CurrentItem,
            FinishedAtUtc = finishedAt,
            Error = error,
            Summary = result?.Summary,
        });
    }

    /// <summary>
    /// The handler for <paramref name="kind"/>: one registered with the kind as its key (only that one is created), or
    /// else the registered handler whose <see cref="IJobHandler.Kind"/> matches.
    /// </summary>
    internal static IJobHandler ResolveHandler(IServiceProvider services, string kind)
    {
        if (services.GetKeyedService<IJobHandler>(kind) is { } keyed)
        {
            return keyed;
        }

        List<IJobHandler> handlers;
        try
        {
            handlers = services.GetServices<IJobHandler>().ToList();
        }
        catch (Exception ex) when (ex is InvalidOperationException or OptionsValidationException)
        {
            throw new InvalidOperationException(
                $"Could not create the job handlers to find the one for '{kind}': {ex.Message} " +
                "(register handlers keyed by their kind so that one broken handler does not stop the others).", ex);
        }

        return handlers.FirstOrDefault(h => h.Kind == kind)
            ?? throw new InvalidOperationException(
                $"No handler is registered for job kind '{kind}'" +
                (handlers.Count == 0 ? " (no job handlers are registered)." : $" (registered kinds: {string.Join(", ", handlers.Select(h => h.Kind).Distinct().Order())})."));
    }

    private async Task<string?> StoredStateAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            return await _store.GetStateAsync(id, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Could not read the stored state of job {JobId}", id);
            return null;
        }
    }

    private static JobRequest? FollowUpOf(Guid id, JobRequest request)
    {
        var kinds = (request.Get(ThenParameter) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (kinds.Length == 0)
        {
            return null;
        }

        const string prefix = ThenParameter + ".";
        var parameters = request.Parameters
            .Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(p => p.Key[prefix.Length..], p => p.Value);
        parameters[AfterParameter] = id.ToString();
        if (kinds.Length > 1)
        {
            parameters[ThenParameter] = string.Join(',', kinds[1..]);
        }

        return new JobRequest(kinds[0], request.RequestedBy, parameters);
    }

    private async Task SaveProgressLoopAsync(Guid id, JobProgressTracker tracker, CancellationTokenSource job, CancellationToken cancellationToken)
    {
        var savedVersion = tracker.Version;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(_options.ProgressSaveInterval, _timeProvider, cancellationToken);
                if (!job.IsCancellationRequested && await StoredStateAsync(id, cancellationToken) is { } stored && stored != JobStates.Running)
                {
                    // Cancelled through another instance.
                    await job.CancelAsync();
                }

                var version = tracker.Version;
                if (version == savedVersion)
                {
                    // Nothing new to write: the heartbeat alone says this instance still runs the job.
                    try
                    {
                        await _store.BeatAsync(id, cancellationToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        _logger.LogDebug(ex, "Could not store the heartbeat of job {JobId}", id);
                    }

                    continue;
                }

                try
                {
                    await _store.SaveProgressAsync(id, tracker.Capture(), cancellationToken);
                    savedVersion = version;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The final write at the end of the job still records everything.
                    _logger.LogWarning(ex, "Could not store the progress of job {JobId}", id);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The job ended.
        }
    }

    /// <summary>The job's progress, also handed to a watcher in this process (a verb printing it).</summary>
    private sealed class EchoedProgress(JobProgressTracker tracker, IJobProgress echo) : IJobProgress
    {
        public Guid? JobId => ((IJobProgress)tracker).JobId;

        public void Report(int completed, int total, string? currentItem = null)
        {
            tracker.Report(completed, total, currentItem);
            echo.Report(completed, total, currentItem);
        }

        public void ReportItems(int completedBefore, int total, IReadOnlyList<string> items)
        {
            ((IJobProgress)tracker).ReportItems(completedBefore, total, items);
            echo.ReportItems(completedBefore, total, items);
        }

        public void Log(string line)
        {
            tracker.Log(line);
            echo.Log(line);
        }

        public void AddCost(double usd)
        {
            ((IJobProgress)tracker).AddCost(usd);
            echo.AddCost(usd);
        }
    }
}
