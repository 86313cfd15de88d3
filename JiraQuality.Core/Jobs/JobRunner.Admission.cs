using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;


namespace JiraQuality.Core.Jobs;

/// <summary>Admission: storing a request as a queued job, joining an equal one, running one here, cancelling.</summary>
public sealed partial class JobRunner
{
    public Task<JobSnapshot> EnqueueAsync(JobRequest request, CancellationToken cancellationToken = default) =>
        EnqueueAsync(request, joinRunning: !_options.KindsJoiningOnlyQueuedJobs.Contains(request?.Kind ?? "", StringComparer.Ordinal), cancellationToken);

    private async Task<JobSnapshot> EnqueueAsync(JobRequest request, bool joinRunning, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Kind))
        {
            throw new ArgumentException("A job request needs a kind.", nameof(request));
        }

        await _enqueueGate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var existing = await FindJoinableAsync(request, joinRunning, cancellationToken);
                if (existing is not null)
                {
                    _logger.LogInformation("A {Kind} job is already {State} ({JobId}); the request from {RequestedBy} joins it", request.Kind, existing.State, existing.Id, request.RequestedBy);
                    return existing;
                }

                try
                {
                    return await QueueNewAsync(request, await InputKeyToQueueAsync(request, joinRunning, cancellationToken), cancellationToken);
                }
                catch (DbUpdateException ex) when (JobStore.IsDuplicateQueuedJob(ex) && attempt < 5)
                {
                    // Another instance queued the same job a moment ago: this request joins it.
                    _logger.LogDebug(ex, "Another instance queued the same {Kind} job at the same moment", request.Kind);
                }
            }
        }
        finally
        {
            _enqueueGate.Release();
        }
    }

    private string InputKeyOf(JobRequest request) =>
        JobStore.InputKeyOf(request, _options.KindsWithDistinctInputs.Contains(request.Kind, StringComparer.Ordinal));

    /// <summary>The marker of a job queued on purpose behind a running equal one (a follow-up): its key is the input's plus this and that job's id.</summary>
    private const string BehindMarker = "|behind:";

    /// <summary>
    /// The key a new job is stored with. A request that must not join a running equal job (a follow-up, whose input came
    /// after that job chose its work) queues behind it under a key of its own, which equal follow-ups share.
    /// </summary>
    private async Task<string> InputKeyToQueueAsync(JobRequest request, bool joinRunning, CancellationToken cancellationToken)
    {
        var key = InputKeyOf(request);
        if (joinRunning)
        {
            return key;
        }

        var running = (await _store.ListActiveAsync(request.Kind, cancellationToken)).FirstOrDefault(run => run.State == JobStates.Running && run.InputKey == key);
        return running is null ? key : key + BehindMarker + running.Id;
    }

    private static bool SameInput(StoredJob run, string inputKey) =>
        run.InputKey == inputKey || run.InputKey.StartsWith(inputKey + BehindMarker, StringComparison.Ordinal);

    /// <summary>
    /// Runs one job in this process, the way the verbs do: the request is stored like any other (it joins an equal queued
    /// job, also one another instance queued), shows on the Jobs page and the hub, and runs here unless another instance
    /// has already started it; then this waits for that instance to end it. The job's progress and log also go to
    /// <paramref name="echo"/>. Cancelling the token cancels the job. The background lanes are not needed: jobs of other
    /// kinds stay with the app's instances. Returns the job as it ended.
    /// </summary>
    public async Task<JobSnapshot> RunHereAsync(JobRequest request, IJobProgress? echo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var joinRunning = !_options.KindsJoiningOnlyQueuedJobs.Contains(request.Kind, StringComparer.Ordinal);
        JobSnapshot job;
        await _enqueueGate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                if (await FindJoinableAsync(request, joinRunning, cancellationToken) is { } existing)
                {
                    job = existing;
                    break;
                }

                try
                {
                    var run = await _store.CreateAsync(request, Guid.NewGuid(), UtcNow(), cancellationToken, await InputKeyToQueueAsync(request, joinRunning, cancellationToken));
                    job = JobStore.ToSnapshot(run);
                    _events.PublishUpdate(new JobProgressUpdate(job, null, null));
                    break;
                }
                catch (DbUpdateException ex) when (JobStore.IsDuplicateQueuedJob(ex) && attempt < 5)
                {
                    _logger.LogDebug(ex, "Another instance queued the same {Kind} job at the same moment", request.Kind);
                }
            }
        }
        finally
        {
            _enqueueGate.Release();
        }

        var id = job.Id;
        await using var cancelJob = cancellationToken.Register(() => _ = CancelAsync(id, CancellationToken.None));
        if (echo is not null)
        {
            _echoes[id] = echo;
        }

        try
        {
            // Nothing happens here when another instance has claimed it.
            await RunJobAsync(id);
        }
        finally
        {
            _echoes.TryRemove(id, out _);
        }

        while (true)
        {
            var run = await _store.FindAsync(id, CancellationToken.None);
            if (run is null || run.State is not (JobStates.Queued or JobStates.Running))
            {
                return run is null ? job : JobStore.ToSnapshot(run);
            }

            await Task.Delay(_options.LockPollInterval, _timeProvider, CancellationToken.None);
        }
    }

    public async Task<bool> CancelAsync(Guid id, CancellationToken cancellationToken = default)
    {
        if (_trackers.ContainsKey(id) && _cancellations.TryGetValue(id, out var running))
        {
            _logger.LogInformation("Cancelling job {JobId}", id);
            await running.CancelAsync();
            return true;
        }

        if (await _store.TryEndAsync(id, JobStates.Queued, JobStates.Cancelled, UtcNow(), "Cancelled before it started.", cancellationToken))
        {
            // It may be waiting here for its kind's lock.
            if (_cancellations.TryGetValue(id, out var waiting))
            {
                await waiting.CancelAsync();
            }
        }
        else if (!await _store.TryEndAsync(id, JobStates.Running, JobStates.Cancelled, UtcNow(), CancelledMessage, cancellationToken))
        {
            return false;
        }

        // A job running on another instance (or just claimed here) stops when its runner sees the stored state.
        _logger.LogInformation("Cancelled job {JobId} through its stored state", id);
        if (await _store.FindAsync(id, cancellationToken) is { } run)
        {
            _events.PublishFinished(JobStore.ToSnapshot(run));
        }

        return true;
    }

    private const string CancelledMessage = "Cancelled on request.";

    private async Task<JobSnapshot?> FindJoinableAsync(JobRequest request, bool joinRunning, CancellationToken cancellationToken)
    {
        var active = (await _store.ListActiveAsync(request.Kind, cancellationToken))
            .Where(run => joinRunning || run.State == JobStates.Queued);
        var inputKey = InputKeyOf(request);
        var match = active.FirstOrDefault(run => SameInput(run, inputKey));
        if (match is null)
        {
            return null;
        }

        return _trackers.TryGetValue(match.Id, out var tracker) ? tracker.CurrentUpdate().Job : JobStore.ToSnapshot(match);
    }

    private async Task<JobSnapshot> QueueNewAsync(JobRequest request, string inputKey, CancellationToken cancellationToken)
    {
        var run = await _store.CreateAsync(request, Guid.NewGuid(), UtcNow(), cancellationToken, inputKey);
        var snapshot = JobStore.ToSnapshot(run);
        _events.PublishUpdate(new JobProgressUpdate(snapshot, null, null));
        if (!TryAddToLane(run.Kind, run.Id))
        {
            var message = $"The {run.Kind} queue is full ({_options.QueueCapacityPerKind} jobs waiting); try again when some have run.";
            await _store.TryEndAsync(run.Id, JobStates.Queued, JobStates.Failed, UtcNow(), message, CancellationToken.None);
            _events.PublishFinished(snapshot with { State = JobStates.Failed, Error = message, FinishedAtUtc = UtcNow() });
            throw new JobQueueFullException(message);
        }

        _logger.LogInformation("Queued {Kind} job {JobId} for {RequestedBy}", run.Kind, run.Id, run.RequestedBy);
        return snapshot;
    }
}
