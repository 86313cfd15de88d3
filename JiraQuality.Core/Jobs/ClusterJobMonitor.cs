using JiraQuality.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Jobs;

/// <summary>
/// Makes the jobs of the other app instances on a shared (PostgreSQL) database visible here: every
/// <see cref="JobOptions.ClusterPollInterval"/> it reads the job table and feeds the jobs this process's runner does not
/// run into the same <see cref="JobEventStream"/>, as progress updates while they are queued or running and as one
/// finished event when they end, with the lines their stored log tails gained. So the app-bar indicator, the hub and the pages that refresh after a data job need
/// nothing of their own. The stream keeps this process's own jobs to its runner's fresher updates.
/// On SQLite it stays idle: one process owns the file, and its runner already publishes every job.
/// On PostgreSQL <see cref="Instances.PostgresJobNotifications"/> delivers the same events within milliseconds; this
/// poll is the safety net for what was sent while its connection was down.
/// </summary>
public sealed class ClusterJobMonitor(
    JobStore store,
    JobEventStream events,
    StorageOptions storage,
    IOptions<JobOptions> options,
    TimeProvider timeProvider,
    ILogger<ClusterJobMonitor> logger,
    Instances.PostgresJobNotifications? notifications = null) : BackgroundService
{
    /// <summary>
    /// The least a poll looks back for jobs created since, so a job that started and ended between two polls is still
    /// seen ending. Generous, to cover clocks of the instances that differ and a slow commit.
    /// </summary>
    public static readonly TimeSpan MinimumLookBack = TimeSpan.FromMinutes(2);

    private readonly TimeSpan _interval = options.Value.ClusterPollInterval;

    // Jobs seen queued or running, with their log tail as last read: their rows are read each poll until they end.
    private readonly Dictionary<Guid, IReadOnlyList<string>> _watched = [];

    // Ended jobs already handled, kept while the look-back still returns them so each ends once.
    private readonly Dictionary<Guid, DateTime> _ended = [];
    private bool _baselineTaken;
    private long _completedPolls;

    /// <summary>Whether other processes can run jobs on this database.</summary>
    public bool DatabaseIsShared => storage.Provider == DatabaseProvider.Postgres;

    /// <summary>How many polls have read the job table so far (for health checks and tests).</summary>
    public long CompletedPolls => Interlocked.Read(ref _completedPolls);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!DatabaseIsShared)
        {
            return;
        }

        var failing = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await PollAsync(stoppingToken);
                    if (failing)
                    {
                        logger.LogInformation("Reading the jobs of other instances works again");
                        failing = false;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Once per outage, not every few seconds.
                    if (!failing)
                    {
                        logger.LogWarning(ex, "Could not read the jobs of other instances; trying again every {Interval}", _interval);
                        failing = true;
                    }
                }

                await Task.Delay(_interval, timeProvider, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var lookBack = MinimumLookBack + _interval + _interval;
        var createdSince = now - lookBack;
        var jobs = await store.ListForWatchAsync(_watched.Keys, createdSince, cancellationToken);
        var returned = new HashSet<Guid>();
        foreach (var (job, logTail) in jobs)
        {
            returned.Add(job.Id);
            var wasWatched = _watched.Remove(job.Id, out var tailBefore);
            // Lines of a job whose instance sends notifications arrive that way; the stored tail would repeat them.
            if (wasWatched && notifications?.Carries(job.Id) != true)
            {
                // Lines written before this instance first saw the job are in its stored tail (the Jobs page shows it).
                foreach (var line in NewLines(tailBefore!, logTail))
                {
                    events.PublishLogFromOtherInstance(new JobLogLine(job.Id, job.Kind, now, line));
                }
            }

            if (job.IsActive)
            {
                _watched[job.Id] = logTail;
                events.PublishFromOtherInstance(WithSpeed(job, now));
                continue;
            }

            if (!_ended.TryAdd(job.Id, job.CreatedAtUtc))
            {
                continue;
            }

            // The first poll only learns which jobs had ended before this instance looked.
            if (_baselineTaken || wasWatched)
            {
                events.PublishFinishedFromOtherInstance(job);
            }
        }

        foreach (var gone in _watched.Keys.Where(id => !returned.Contains(id)).ToList())
        {
            _watched.Remove(gone);
        }

        foreach (var old in _ended.Where(e => e.Value < createdSince).Select(e => e.Key).ToList())
        {
            _ended.Remove(old);
        }

        _baselineTaken = true;
        Interlocked.Increment(ref _completedPolls);
    }

    /// <summary>
    /// The lines <paramref name="after"/> gained over <paramref name="before"/>: a log tail drops its oldest lines as it
    /// grows, so the longest end of the earlier tail that starts the later one is what both share.
    /// </summary>
    public static IReadOnlyList<string> NewLines(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        for (var dropped = 0; dropped < before.Count; dropped++)
        {
            var shared = before.Count - dropped;
            if (shared > after.Count)
            {
                continue;
            }

            var matches = true;
            for (var i = 0; i < shared && matches; i++)
            {
                matches = before[dropped + i] == after[i];
            }

            if (matches)
            {
                return after.Skip(shared).ToList();
            }
        }

        return after;
    }

    /// <summary>The rate since the job started and the time left at that rate, as the runner's own updates carry.</summary>
    private static JobProgressUpdate WithSpeed(JobSnapshot job, DateTime nowUtc)
    {
        var elapsed = job.StartedAtUtc is { } started ? nowUtc - started : TimeSpan.Zero;
        double? rate = job.State == JobStates.Running && elapsed > TimeSpan.Zero && job.Completed > 0
            ? job.Completed / elapsed.TotalSeconds
            : null;
        TimeSpan? eta = rate is > 0 && job.Total >= job.Completed ? TimeSpan.FromSeconds((job.Total - job.Completed) / rate.Value) : null;
        return new JobProgressUpdate(job, rate, eta, FromOtherInstance: true);
    }
}
