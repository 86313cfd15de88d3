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
public sealed partial class JobRunner : BackgroundService, IJobQueue
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

    /// <summary>
    /// The lock a running job holds: its kind's, so one instance at a time runs the kind, or, for kinds that claim their
    /// work item by item, its own, so each instance can run one and a crashed instance's job is still recognised.
    /// </summary>
    private string LockNameOf(StoredJob run) =>
        _options.KindsSharingWorkAcrossInstances.Contains(run.Kind, StringComparer.Ordinal) ? $"{run.Kind}:{run.Id}" : run.Kind;

    private DateTime UtcNow() => _timeProvider.GetUtcNow().UtcDateTime;

    public override void Dispose()
    {
        base.Dispose();
        _enqueueGate.Dispose();
    }
}
