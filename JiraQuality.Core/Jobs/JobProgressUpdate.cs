namespace JiraQuality.Core.Jobs;

/// <summary>
/// A job's state with its speed: items per second since it started and the time left at that speed.
/// <paramref name="FromOtherInstance"/> is true when the state was read from the shared job table because another app
/// instance queued or runs the job (it then lags by up to <c>Jobs:ClusterPollInterval</c>).
/// </summary>
public sealed record JobProgressUpdate(JobSnapshot Job, double? ItemsPerSecond, TimeSpan? EstimatedRemaining, bool FromOtherInstance = false);
