namespace JiraQuality.Core.Jobs;

/// <summary>
/// What a subscriber receives at most once per <see cref="JobSubscriptionOptions.MinInterval"/>: the latest state of
/// each job that changed, the log lines written since the last batch, and the jobs that finished.
/// </summary>
public sealed record JobEventBatch(
    IReadOnlyList<JobProgressUpdate> Updates,
    IReadOnlyList<JobLogLine> Logs,
    IReadOnlyList<JobSnapshot> Finished);
