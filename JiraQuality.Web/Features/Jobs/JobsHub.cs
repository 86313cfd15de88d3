using JiraQuality.Core.Jobs;
using JiraQuality.Core.Identity;
using Microsoft.AspNetCore.Authorization;
using JiraQuality.Web.Features.Instances;
using Microsoft.AspNetCore.SignalR;

namespace JiraQuality.Web.Features.Jobs;

/// <summary>A job's state as sent to hub clients.</summary>
public sealed record JobMessage(
    Guid Id,
    string Kind,
    string State,
    string RequestedBy,
    int Completed,
    int Total,
    double Percent,
    string? CurrentItem,
    double? ItemsPerSecond,
    double? EtaSeconds,
    DateTime CreatedAtUtc,
    DateTime? StartedAtUtc,
    DateTime? FinishedAtUtc,
    string? Error,
    string? Summary)
{
    public static JobMessage From(JobSnapshot job, double? itemsPerSecond = null, TimeSpan? eta = null) => new(
        job.Id, job.Kind, job.State, job.RequestedBy, job.Completed, job.Total, job.Percent, job.CurrentItem,
        itemsPerSecond is { } rate ? Math.Round(rate, 2) : null, eta is { } left ? Math.Round(left.TotalSeconds) : null,
        job.CreatedAtUtc, job.StartedAtUtc, job.FinishedAtUtc, job.Error, job.Summary)
    {
        Instance = job.Instance,
        HeartbeatAtUtc = job.HeartbeatAtUtc,
    };

    /// <summary>The app instance that runs or ran the job, when read from the job table.</summary>
    public string? Instance { get; init; }

    /// <summary>The running instance's last heartbeat, when read from the job table.</summary>
    public DateTime? HeartbeatAtUtc { get; init; }

    /// <summary>True when another app instance queued or runs the job (its figures then come from the shared job table).</summary>
    public bool FromOtherInstance { get; init; }

    public static JobMessage From(JobProgressUpdate update) =>
        From(update.Job, update.ItemsPerSecond, update.EstimatedRemaining) with { FromOtherInstance = update.FromOtherInstance };
}

/// <summary>One log line of a job as sent to hub clients.</summary>
public sealed record JobLogMessage(Guid JobId, string Kind, DateTime AtUtc, string Line);

/// <summary>
/// Lets monitors follow jobs without the UI. The server sends <see cref="JobUpdated"/> and <see cref="JobFinished"/>
/// to every client, and <see cref="JobLog"/> lines only to the clients that called <see cref="WatchJob"/> for that job
/// (a group per job), so a long run's log does not reach every client. Clients may ask for the jobs active right now.
/// On a shared database the jobs of other instances come too (LISTEN/NOTIFY, with the job-table poll as safety net).
/// </summary>
[Authorize(Policy = Policies.Viewer)]
public sealed class JobsHub(IJobEvents events) : Hub
{
    public const string Path = "/hubs/jobs";
    public const string JobUpdated = "JobUpdated";
    public const string JobLog = "JobLog";
    public const string JobFinished = "JobFinished";

    public static string GroupOf(Guid jobId) => "job:" + jobId.ToString("N");

    public IReadOnlyList<JobMessage> GetActiveJobs() => events.ActiveJobs.Select(JobMessage.From).ToList();

    /// <summary>Starts sending this connection the log lines of <paramref name="jobId"/>.</summary>
    public Task WatchJob(Guid jobId) => Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(jobId));

    /// <summary>Stops sending this connection the log lines of <paramref name="jobId"/>.</summary>
    public Task UnwatchJob(Guid jobId) => Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupOf(jobId));
}

/// <summary>
/// Relays the in-process job events to every hub client, with the same throttling the pages get. With a SignalR
/// backplane only the jobs of this instance are relayed: the backplane brings them to the other instances' clients.
/// </summary>
public sealed class JobsHubRelay(IJobEvents events, IHubContext<JobsHub> hub, SignalRBackplane backplane, ILogger<JobsHubRelay> logger) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = events.Subscribe(SendAsync, new JobSubscriptionOptions { LocalOnly = backplane.Enabled });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private async Task SendAsync(JobEventBatch batch)
    {
        try
        {
            foreach (var update in batch.Updates)
            {
                await hub.Clients.All.SendAsync(JobsHub.JobUpdated, JobMessage.From(update));
            }

            foreach (var line in batch.Logs)
            {
                await hub.Clients.Group(JobsHub.GroupOf(line.JobId)).SendAsync(JobsHub.JobLog, new JobLogMessage(line.JobId, line.Kind, line.AtUtc, line.Line));
            }

            foreach (var finished in batch.Finished)
            {
                await hub.Clients.All.SendAsync(JobsHub.JobFinished, JobMessage.From(finished));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not relay job events to hub clients");
        }
    }
}
