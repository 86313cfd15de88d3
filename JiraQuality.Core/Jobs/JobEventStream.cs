using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JiraQuality.Core.Jobs;

/// <summary>
/// Fans job events out to subscribers. Publishing never blocks on a subscriber: each keeps only the latest state per
/// job plus the pending log lines, and a slow or fast job alike costs a subscriber at most one call per interval.
/// </summary>
public sealed partial class JobEventStream(TimeProvider timeProvider, ILogger<JobEventStream>? logger = null) : IJobEvents
{
    /// <summary>A subscriber that falls behind keeps this many pending log lines, dropping the oldest.</summary>
    public const int MaxPendingLogLines = 500;

    private readonly TimeProvider _timeProvider = timeProvider;
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, JobProgressUpdate> _active = [];
    private readonly HashSet<Guid> _finished = [];
    private readonly HashSet<Guid> _runningHere = [];
    private readonly Queue<Guid> _finishedOrder = new();
    private Subscription[] _subscriptions = [];
    private ILocalJobEventSink[] _localSinks = [];

    /// <summary>Hands every event this process's own runner publishes to <paramref name="sink"/> as well.</summary>
    public void AttachLocalSink(ILocalJobEventSink sink)
    {
        lock (_gate)
        {
            _localSinks = [.. _localSinks, sink];
        }
    }

    public IReadOnlyList<JobProgressUpdate> ActiveJobs
    {
        get
        {
            lock (_gate)
            {
                return _active.Values.OrderBy(u => u.Job.CreatedAtUtc).ToList();
            }
        }
    }

    public IDisposable Subscribe(Func<JobEventBatch, Task> onBatch, JobSubscriptionOptions? options = null)
    {
        var subscription = new Subscription(this, onBatch, options ?? new JobSubscriptionOptions());
        lock (_gate)
        {
            _subscriptions = [.. _subscriptions, subscription];
        }

        return subscription;
    }

    public void PublishUpdate(JobProgressUpdate update)
    {
        lock (_gate)
        {
            if (_finished.Contains(update.Job.Id))
            {
                // A late update must not bring an ended job back.
                return;
            }

            if (update.Job.State == JobStates.Running)
            {
                _runningHere.Add(update.Job.Id);
            }

            if (update.Job.IsActive)
            {
                _active[update.Job.Id] = update;
            }
        }

        Fanout(update, local: true);
        foreach (var sink in Volatile.Read(ref _localSinks))
        {
            sink.Updated(update);
        }
    }

    /// <summary>
    /// Publishes the stored state of a job another instance queued or runs, as read from the shared job table. It is
    /// dropped when it would tell nothing new or overrule this process: for a job running here (its own updates are
    /// fresher), a job that has ended, a queued job this process queued itself, or an unchanged state.
    /// </summary>
    /// <returns>Whether the update was published.</returns>
    public bool PublishFromOtherInstance(JobProgressUpdate update)
    {
        update = update with { FromOtherInstance = true };
        var id = update.Job.Id;
        lock (_gate)
        {
            if (!update.Job.IsActive || _finished.Contains(id) || _runningHere.Contains(id))
            {
                return false;
            }

            if (_active.TryGetValue(id, out var current) &&
                ((!current.FromOtherInstance && update.Job.State == JobStates.Queued) || current.Job == update.Job
                 || IsOlder(update.Job, current.Job)))
            {
                return false;
            }

            _active[id] = update;
        }

        Fanout(update, local: false);
        return true;
    }

    /// <summary>
    /// Whether a state read from another instance is behind one already published: the job table lags the
    /// notifications, and a running job's count never goes back.
    /// </summary>
    private static bool IsOlder(JobSnapshot candidate, JobSnapshot current) =>
        (candidate.State == JobStates.Queued && current.State == JobStates.Running)
        || (candidate.State == current.State && candidate.State == JobStates.Running && candidate.Completed < current.Completed);

    private void Fanout(JobProgressUpdate update, bool local)
    {
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            subscription.Add(update, local);
        }
    }

    public void PublishLog(JobLogLine line)
    {
        FanoutLog(line, local: true);
        foreach (var sink in Volatile.Read(ref _localSinks))
        {
            sink.Logged([line]);
        }
    }

    private void FanoutLog(JobLogLine line, bool local)
    {
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            subscription.Add(line, local);
        }
    }

    /// <summary>Publishes several lines of one job at once, in order (each subscriber takes them in one step).</summary>
    public void PublishLogs(IReadOnlyList<JobLogLine> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            subscription.Add(lines);
        }

        foreach (var sink in Volatile.Read(ref _localSinks))
        {
            sink.Logged(lines);
        }
    }

    /// <summary>
    /// Publishes a log line of a job another instance runs, read from its stored log tail; dropped for a job running
    /// here (its runner publishes its lines) and for a job that has ended.
    /// </summary>
    public bool PublishLogFromOtherInstance(JobLogLine line)
    {
        lock (_gate)
        {
            if (_runningHere.Contains(line.JobId) || _finished.Contains(line.JobId))
            {
                return false;
            }
        }

        FanoutLog(line, local: false);
        return true;
    }

    /// <summary>Announces that a job ended; a second announcement of the same job is dropped.</summary>
    public void PublishFinished(JobSnapshot job) => PublishFinished(job, fromOtherInstance: false);

    /// <summary>
    /// Announces that a job another instance ran (or that ended elsewhere) has ended, as read from the shared job table.
    /// Dropped for a job running here, whose runner announces its end with the final figures itself.
    /// </summary>
    /// <returns>Whether the end was announced now (false when dropped or announced before).</returns>
    public bool PublishFinishedFromOtherInstance(JobSnapshot job) => PublishFinished(job, fromOtherInstance: true);

    private bool PublishFinished(JobSnapshot job, bool fromOtherInstance)
    {
        lock (_gate)
        {
            if (fromOtherInstance && _runningHere.Contains(job.Id))
            {
                return false;
            }

            _runningHere.Remove(job.Id);
            _active.Remove(job.Id);
            if (!_finished.Add(job.Id))
            {
                return false;
            }

            _finishedOrder.Enqueue(job.Id);
            if (_finishedOrder.Count > 10_000)
            {
                _finished.Remove(_finishedOrder.Dequeue());
            }
        }

        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            subscription.Add(job, local: !fromOtherInstance);
        }

        if (!fromOtherInstance)
        {
            foreach (var sink in Volatile.Read(ref _localSinks))
            {
                sink.Finished(job);
            }
        }

        return true;
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscriptions = _subscriptions.Where(s => s != subscription).ToArray();
        }
    }
}
