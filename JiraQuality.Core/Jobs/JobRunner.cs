using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Jobs;

/// <summary>
/// The job queue and its runner. Each kind has its own bounded channel read by one loop, so jobs of a kind run one at a
/// time in the order they were asked for while different kinds run side by side. Every job is stored before it is
/// queued; on start-up, jobs a crash left running are marked interrupted and queued again, and queued ones are picked
/// up. A per-kind lock (an advisory lock on PostgreSQL) plus a conditional claim of the stored row keep several app
/// instances from running the same kind at once or the same job twice.
/// </summary>
public sealed class JobRunner : BackgroundService, IJobQueue
{
    /// <summary>The parameter a re-queued job carries: the id of the interrupted job whose work it resumes.</summary>
    public const string ResumedFromParameter = "resumedFrom";

    /// <summary>
    /// Kinds to run after this job succeeds, comma-separated (for example <c>processing</c> after a CSV import). The
    /// follow-up is queued by the runner, so it happens even when nobody watches; parameters named <c>then.x</c> become
    /// its parameter <c>x</c>.
    /// </summary>
    public const string ThenParameter = "then";

    /// <summary>The parameter a follow-up job carries: the id of the job it follows.</summary>
    public const string AfterParameter = "after";

    private readonly JobStore _store;
    private readonly JobEventStream _events;
    private readonly IServiceScopeFactory _scopeFactory;
    private readonly IJobKindLock _kindLock;
    private readonly JobOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<JobRunner> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Channel<Guid>> _lanes = [];
    private readonly List<Task> _laneLoops = [];
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _cancellations = new();
    private readonly ConcurrentDictionary<Guid, JobProgressTracker> _trackers = new();
    private readonly ConcurrentDictionary<Guid, byte> _inLanes = new();
    private readonly ConcurrentDictionary<Guid, IJobProgress> _echoes = new();
    private readonly SemaphoreSlim _enqueueGate = new(1, 1);
    private CancellationToken _stopping;
    private bool _started;

    public JobRunner(
        JobStore store,
        JobEventStream events,
        IServiceScopeFactory scopeFactory,
        IJobKindLock kindLock,
        IOptions<JobOptions> options,
        TimeProvider timeProvider,
        ILogger<JobRunner> logger)
    {
        _store = store;
        _events = events;
        _scopeFactory = scopeFactory;
        _kindLock = kindLock;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

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

    private static bool SameInput(JobRun run, string inputKey) =>
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

    public async Task<JobSnapshot?> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        // A running job's counts are stored about once a second; the live tracker is fresher.
        if (_trackers.TryGetValue(id, out var tracker))
        {
            return tracker.CurrentUpdate().Job;
        }

        var run = await _store.FindAsync(id, cancellationToken);
        return run is null ? null : JobStore.ToSnapshot(run);
    }

    public IReadOnlyList<string>? GetLiveLogTail(Guid id) =>
        _trackers.TryGetValue(id, out var tracker) ? tracker.Capture().LogTail : null;

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

    private readonly TaskCompletionSource _recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes once the first recovery pass has taken over what earlier runs left and the lanes run: from then on,
    /// only the periodic pass picks up jobs queued by other instances.
    /// </summary>
    public Task Recovered => _recovered.Task;

    private const string CancelledMessage = "Cancelled on request.";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        await TryRecoverAsync(stoppingToken);
        lock (_gate)
        {
            _started = true;
            foreach (var (kind, lane) in _lanes)
            {
                _laneLoops.Add(RunLaneAsync(kind, lane));
            }
        }

        _recovered.TrySetResult();

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(_options.RecoveryInterval, _timeProvider, stoppingToken);
                await TryRecoverAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down: let running jobs record that they were interrupted.
        }

        Task[] loops;
        lock (_gate)
        {
            loops = [.. _laneLoops];
        }

        await Task.WhenAll(loops);
    }

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

    private bool TryAddToLane(string kind, Guid id)
    {
        if (!_inLanes.TryAdd(id, 0))
        {
            return true;
        }

        if (LaneFor(kind).Writer.TryWrite(id))
        {
            return true;
        }

        _inLanes.TryRemove(id, out _);
        return false;
    }

    private Channel<Guid> LaneFor(string kind)
    {
        lock (_gate)
        {
            if (!_lanes.TryGetValue(kind, out var lane))
            {
                lane = Channel.CreateBounded<Guid>(new BoundedChannelOptions(Math.Max(1, _options.QueueCapacityPerKind))
                {
                    SingleReader = true,
                    FullMode = BoundedChannelFullMode.Wait,
                });
                _lanes[kind] = lane;
                if (_started)
                {
                    _laneLoops.Add(RunLaneAsync(kind, lane));
                }
            }

            return lane;
        }
    }

    private async Task RunLaneAsync(string kind, Channel<Guid> lane)
    {
        await Task.Yield();
        try
        {
            await foreach (var id in lane.Reader.ReadAllAsync(_stopping))
            {
                try
                {
                    _inLanes.TryRemove(id, out _);
                    await RunJobAsync(id);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !_stopping.IsCancellationRequested)
                {
                    _logger.LogError(ex, "The {Kind} runner failed on job {JobId}", kind, id);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Queued jobs stay queued in the store and are picked up at the next start.
        }
    }

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

    private async Task<IAsyncDisposable?> AcquireKindLockAsync(JobRun run, CancellationToken cancellationToken)
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

    private async Task RunClaimedAsync(JobRun run, JobSnapshot started, JobProgressTracker tracker, CancellationTokenSource cancellation)
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

    private async Task TryRecoverAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RecoverAsync(cancellationToken);
            await ForgetEndedElsewhereAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Could not recover the jobs left behind");
        }
    }

    /// <summary>
    /// Announces the end of jobs this process announced as active but that ended elsewhere (run or cancelled by another
    /// instance), so indicators do not show them forever.
    /// </summary>
    private async Task ForgetEndedElsewhereAsync(CancellationToken cancellationToken)
    {
        foreach (var update in _events.ActiveJobs)
        {
            var id = update.Job.Id;
            if (_trackers.ContainsKey(id) || _inLanes.ContainsKey(id) || _cancellations.ContainsKey(id))
            {
                continue;
            }

            if (await _store.FindAsync(id, cancellationToken) is { } run && run.State is not (JobStates.Queued or JobStates.Running))
            {
                _events.PublishFinished(JobStore.ToSnapshot(run));
            }
        }
    }

    /// <summary>
    /// Marks jobs a crashed instance left running as interrupted and queues their work again, and queues stored queued
    /// jobs no lane here holds. Claims and conditional updates make it safe for several instances to do this at once.
    /// </summary>
    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        foreach (var run in await _store.ListActiveAsync(kind: null, cancellationToken))
        {
            if (_cancellations.ContainsKey(run.Id))
            {
                // Running (or about to) right here.
                continue;
            }

            if (run.State == JobStates.Queued)
            {
                if (!TryAddToLane(run.Kind, run.Id))
                {
                    _logger.LogWarning("The {Kind} queue is full; queued job {JobId} waits for the next start", run.Kind, run.Id);
                }

                continue;
            }

            // A kind (or job) whose lock another live instance holds is that instance's running job, not a crashed one.
            await using var lease = await _kindLock.TryAcquireAsync(LockNameOf(run), cancellationToken);
            if (lease is null)
            {
                continue;
            }

            const string message = "The app stopped while this job was running; its work was queued again.";
            if (await _store.TryEndAsync(run.Id, JobStates.Running, JobStates.Interrupted, UtcNow(), message, cancellationToken))
            {
                _logger.LogWarning("Job {JobId} ({Kind}) was left running by a previous run; marked interrupted", run.Id, run.Kind);
                if (_options.KindsSharingWorkAcrossInstances.Contains(run.Kind, StringComparer.Ordinal))
                {
                    // Its counts were stored up to a second before the instance died; its stored rows are the truth.
                    await _store.CountStoredResultsAsync(run.Id, cancellationToken);
                }

                await RequeueInterruptedWorkAsync(run, enqueueLocally: true, cancellationToken);
            }
        }
    }

    private async Task RequeueInterruptedWorkAsync(JobRun interrupted, bool enqueueLocally, CancellationToken cancellationToken)
    {
        var request = JobStore.ToRequest(interrupted);
        var parameters = request.Parameters.ToDictionary();
        parameters[ResumedFromParameter] = interrupted.Id.ToString();
        var resumed = request with { Parameters = parameters };
        await _enqueueGate.WaitAsync(cancellationToken);
        try
        {
            var active = await _store.ListActiveAsync(interrupted.Kind, cancellationToken);
            var inputKey = InputKeyOf(resumed);
            if (active.Any(run => SameInput(run, inputKey)))
            {
                return;
            }

            if (enqueueLocally)
            {
                var snapshot = await QueueNewAsync(resumed, inputKey, cancellationToken);
                _logger.LogInformation("Job {JobId} resumes the work of interrupted job {InterruptedId}", snapshot.Id, interrupted.Id);
            }
            else
            {
                // Stopping: store it queued; the next start of any instance picks it up.
                await _store.CreateAsync(resumed, Guid.NewGuid(), UtcNow(), cancellationToken, inputKey);
            }
        }
        catch (DbUpdateException ex) when (JobStore.IsDuplicateQueuedJob(ex))
        {
            // Another instance queued the same work already.
            _logger.LogInformation("The work of interrupted job {InterruptedId} is already queued again", interrupted.Id);
        }
        finally
        {
            _enqueueGate.Release();
        }
    }

    /// <summary>
    /// The lock a running job holds: its kind's, so one instance at a time runs the kind, or, for kinds that claim their
    /// work item by item, its own, so each instance can run one and a crashed instance's job is still recognised.
    /// </summary>
    private string LockNameOf(JobRun run) =>
        _options.KindsSharingWorkAcrossInstances.Contains(run.Kind, StringComparer.Ordinal) ? $"{run.Kind}:{run.Id}" : run.Kind;

    private DateTime UtcNow() => _timeProvider.GetUtcNow().UtcDateTime;

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

    public override void Dispose()
    {
        base.Dispose();
        _enqueueGate.Dispose();
    }
}
