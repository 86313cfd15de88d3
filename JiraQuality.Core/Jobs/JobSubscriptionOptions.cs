namespace JiraQuality.Core.Jobs;

public sealed class JobSubscriptionOptions
{
    /// <summary>Only this job's events; null for every job.</summary>
    public Guid? JobId { get; init; }

    /// <summary>Only this kind's events; null for every kind.</summary>
    public string? Kind { get; init; }

    /// <summary>Batches are delivered at least this far apart (100 ms: at most 10 renders a second).</summary>
    public TimeSpan MinInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether log lines are wanted (a progress bar does not need them).</summary>
    public bool IncludeLogs { get; init; } = true;

    /// <summary>
    /// Only the events this process's own runner publishes, none read from other instances (a relay whose messages
    /// reach the other instances' clients by another path, such as a SignalR backplane, must not send them twice).
    /// </summary>
    public bool LocalOnly { get; init; }
}
