using System.Diagnostics.Metrics;
using JiraQuality.Core.Jira.Webhooks;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Core.Observability;

/// <summary>
/// Turns this instance's job events into the job and scoring instruments of <see cref="JiraQualityMetrics"/>, and keeps
/// the gauges an operator alerts on: jobs queued and running (all instances) and the webhook deliveries waiting.
/// Listens to the event stream instead of the runner, so recording a figure never slows a job down.
/// </summary>
public sealed class JobMetricsRecorder : BackgroundService, ILocalJobEventSink
{
    /// <summary>How often the webhook backlog gauge is read from the database.</summary>
    public static readonly TimeSpan BacklogRefreshInterval = TimeSpan.FromSeconds(30);

    private readonly JobEventStream _events;
    private readonly JiraQualityMetrics _metrics;
    private readonly IDbContextFactory<JiraQualityDbContext> _databases;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<JobMetricsRecorder> _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, int> _scoredSoFar = [];
    private int _webhookBacklog;

    public JobMetricsRecorder(
        JobEventStream events,
        JiraQualityMetrics metrics,
        IDbContextFactory<JiraQualityDbContext> databases,
        TimeProvider timeProvider,
        ILogger<JobMetricsRecorder> logger)
    {
        _events = events;
        _metrics = metrics;
        _databases = databases;
        _timeProvider = timeProvider;
        _logger = logger;
        metrics.Meter.CreateObservableGauge(
            "jiraquality.jobs.active",
            () => ActiveJobs(JobStates.Queued).Concat(ActiveJobs(JobStates.Running)),
            "{job}",
            "Jobs queued and running on all instances sharing the database, by state.");
        metrics.Meter.CreateObservableGauge(
            "jiraquality.webhooks.backlog",
            () => Volatile.Read(ref _webhookBacklog),
            "{delivery}",
            "Jira webhook deliveries accepted and not yet fetched and stored.");
    }

    /// <summary>Processing and re-scoring count conversations as their completed items.</summary>
    private static bool CountsConversations(string kind) => kind is JobKinds.Processing or JobKinds.Rescore;

    public void Updated(JobProgressUpdate update) => CountScored(update.Job, finished: false);

    public void Logged(IReadOnlyList<JobLogLine> lines)
    {
    }

    public void Finished(JobSnapshot job)
    {
        CountScored(job, finished: true);
        if (job.StartedAtUtc is { } started && job.FinishedAtUtc is { } ended && ended >= started)
        {
            _metrics.JobEnded(job.Kind, job.State, ended - started);
        }
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _events.AttachLocalSink(this);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(BacklogRefreshInterval, _timeProvider);
        do
        {
            try
            {
                await using var db = await _databases.CreateDbContextAsync(stoppingToken);
                var counts = await JiraWebhookRefetcher.CountAsync(db, stoppingToken);
                Volatile.Write(ref _webhookBacklog, counts.Pending);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The gauge keeps its last value; the readiness check reports the database itself.
                _logger.LogDebug(exception, "Could not read the webhook backlog for the metrics gauge");
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private IEnumerable<Measurement<int>> ActiveJobs(string state) =>
        [new Measurement<int>(_events.ActiveJobs.Count(u => u.Job.State == state), new KeyValuePair<string, object?>("jiraquality.job.state", state))];

    private void CountScored(JobSnapshot job, bool finished)
    {
        if (!CountsConversations(job.Kind))
        {
            return;
        }

        int added;
        lock (_gate)
        {
            _scoredSoFar.TryGetValue(job.Id, out var before);
            // Updates arrive throttled and a late one may carry an older count: only growth is new work.
            added = Math.Max(0, job.Completed - before);
            if (finished)
            {
                _scoredSoFar.Remove(job.Id);
            }
            else
            {
                _scoredSoFar[job.Id] = Math.Max(before, job.Completed);
            }
        }

        _metrics.ConversationsScored(job.Kind, added);
    }
}
