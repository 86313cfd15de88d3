using JiraQuality.Core.Jobs;

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
