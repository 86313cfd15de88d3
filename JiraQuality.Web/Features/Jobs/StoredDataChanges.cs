using JiraQuality.Core.Jobs;
using JiraQuality.Core.Reporting;

namespace JiraQuality.Web.Features.Jobs;

/// <summary>
/// One subscription to the job stream for every figure page of this process: when jobs that write conversations or
/// scores succeed, it tells the pages (the reporting side drops its cached filter choices itself, see
/// <see cref="MetricsCacheInvalidation"/>). The stream's minimum interval coalesces a burst of finishing jobs into one change, so a busy runner costs
/// each open page one reload per interval, not one per job.
/// </summary>
public sealed class StoredDataChanges : IHostedService, IDisposable
{
    /// <summary>The kinds whose success changes stored conversations or scores.</summary>
    public static readonly IReadOnlySet<string> DataKinds = MetricsCacheInvalidation.DataKinds;

    public static readonly TimeSpan DefaultMinInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// While processing runs, each committed batch changes the scored counts: the pages re-read at most this often, so an
    /// open dashboard and list follow the same data instead of showing counts from the moments they were opened.
    /// </summary>
    public static readonly TimeSpan DefaultProgressInterval = TimeSpan.FromSeconds(10);

    /// <summary>The kinds that write scored conversations batch by batch while they run.</summary>
    public static readonly IReadOnlySet<string> ProgressKinds = MetricsCacheInvalidation.ProgressKinds;

    private readonly ILogger<StoredDataChanges> _logger;
    private readonly IDisposable _subscription;
    private readonly Lock _gate = new();
    private ImmutableSubscribers _subscribers = ImmutableSubscribers.Empty;
    private readonly TimeSpan _progressInterval;
    private long _lastProgressChange = long.MinValue / 2;

    public StoredDataChanges(IJobEvents events, ILogger<StoredDataChanges> logger, TimeSpan? minInterval = null, TimeSpan? progressInterval = null)
    {
        _logger = logger;
        _progressInterval = progressInterval ?? DefaultProgressInterval;
        _subscription = events.Subscribe(OnBatchAsync, new JobSubscriptionOptions { IncludeLogs = false, MinInterval = minInterval ?? DefaultMinInterval });
    }

    /// <summary>Calls <paramref name="onChanged"/> after each coalesced change until the result is disposed.</summary>
    public IDisposable Subscribe(Func<StoredDataChange, Task> onChanged)
    {
        var subscriber = new Subscriber(this, onChanged);
        lock (_gate)
        {
            _subscribers = _subscribers.Add(subscriber);
        }

        return subscriber;
    }

    private Task OnBatchAsync(JobEventBatch batch)
    {
        var jobs = batch.Finished.Where(job => job.State == JobStates.Succeeded && DataKinds.Contains(job.Kind)).ToList();
        if (jobs.Count == 0)
        {
            // A running job's progress is a change too (its batches are committed), at most once per progress interval.
            var running = batch.Updates.Select(u => u.Job).Where(job => job.IsActive && job.Completed > 0 && ProgressKinds.Contains(job.Kind)).ToList();
            var now = Environment.TickCount64;
            if (running.Count == 0 || now - Interlocked.Read(ref _lastProgressChange) < (long)_progressInterval.TotalMilliseconds)
            {
                return Task.CompletedTask;
            }

            Interlocked.Exchange(ref _lastProgressChange, now);
            jobs = running;
        }

        var change = new StoredDataChange(jobs);
        foreach (var subscriber in Volatile.Read(ref _subscribers).Items)
        {
            // Not awaited: one slow page must not hold back the others or the next change.
            _ = NotifyAsync(subscriber, change);
        }

        return Task.CompletedTask;
    }

    private async Task NotifyAsync(Subscriber subscriber, StoredDataChange change)
    {
        try
        {
            await subscriber.OnChanged(change);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "A page could not refresh after {Count} finished job(s)", change.Jobs.Count);
        }
    }

    private void Remove(Subscriber subscriber)
    {
        lock (_gate)
        {
            _subscribers = _subscribers.Remove(subscriber);
        }
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _subscription.Dispose();

    private sealed record Subscriber(StoredDataChanges Owner, Func<StoredDataChange, Task> OnChanged) : IDisposable
    {
        public void Dispose() => Owner.Remove(this);
    }

    private sealed record ImmutableSubscribers(Subscriber[] Items)
    {
        public static readonly ImmutableSubscribers Empty = new([]);

        public ImmutableSubscribers Add(Subscriber subscriber) => new([.. Items, subscriber]);

        public ImmutableSubscribers Remove(Subscriber subscriber) => new(Items.Where(s => !ReferenceEquals(s, subscriber)).ToArray());
    }
}
