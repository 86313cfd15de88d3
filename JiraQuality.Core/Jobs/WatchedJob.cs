namespace JiraQuality.Core.Jobs;

/// <summary>A stored job as a watcher of the shared database reads it: its state and, while it is of interest, its log tail.</summary>
public sealed record WatchedJob(JobSnapshot Job, IReadOnlyList<string> LogTail);
