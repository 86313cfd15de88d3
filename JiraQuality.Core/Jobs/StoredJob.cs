namespace JiraQuality.Core.Jobs;

/// <summary>
/// A stored job as the runner and the job handlers read it: its snapshot, its parameters and the key that makes two
/// requests the same job. A copy of the row, not the tracked entity.
/// </summary>
public sealed record StoredJob(
    JobSnapshot Snapshot,
    IReadOnlyDictionary<string, string> Parameters,
    string InputKey,
    int Failed,
    double CostUsd,
    IReadOnlyList<string> LogTail)
{
    public Guid Id => Snapshot.Id;

    public string Kind => Snapshot.Kind;

    public string State => Snapshot.State;

    public string RequestedBy => Snapshot.RequestedBy;

    public int Completed => Snapshot.Completed;

    public int Total => Snapshot.Total;

    public string? Summary => Snapshot.Summary;

    public string? Error => Snapshot.Error;

    public DateTime CreatedAtUtc => Snapshot.CreatedAtUtc;

    public DateTime? StartedAtUtc => Snapshot.StartedAtUtc;

    public DateTime? FinishedAtUtc => Snapshot.FinishedAtUtc;

    public string? Instance => Snapshot.Instance;

    /// <summary>The request the job was made from, for running it (again).</summary>
    public JobRequest ToRequest() => new(Kind, RequestedBy, Parameters);
}
