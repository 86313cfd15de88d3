namespace JiraQuality.Core.Jobs;

/// <summary>A job's state at one moment, as stored and as published to watchers.</summary>
public sealed record JobSnapshot(
    Guid Id,
    string Kind,
    string State,
    string RequestedBy,
    int Completed,
    int Total,
    string? CurrentItem,
    DateTime CreatedAtUtc,
    DateTime? StartedAtUtc,
    DateTime? FinishedAtUtc,
    string? Error,
    string? Summary)
{
    public bool IsActive => State is JobStates.Queued or JobStates.Running;

    /// <summary>The app instance that runs or ran the job, as stored; null while queued or when not read from the store.</summary>
    public string? Instance { get; init; }

    /// <summary>When the running instance last wrote the job's progress (every <c>Jobs:ProgressSaveInterval</c>).</summary>
    public DateTime? HeartbeatAtUtc { get; init; }

    public double Percent => Total <= 0 ? 0 : Math.Round(100.0 * Completed / Total, 1);
}
