namespace JiraQuality.Core.Jobs;

/// <summary>Starts jobs and reads their state; pages, endpoints, the schedule and webhooks go through it.</summary>
public interface IJobQueue
{
    /// <summary>
    /// Queues a job. When a job of the same kind is already queued or running, returns that one instead
    /// of starting a second.
    /// </summary>
    Task<JobSnapshot> EnqueueAsync(JobRequest request, CancellationToken cancellationToken = default);

    Task<JobSnapshot?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The log tail of a job running in this instance, up to the line just written; null when it runs elsewhere or has
    /// ended (then the stored tail is the one to read). The stored tail lags by up to <c>Jobs:ProgressSaveInterval</c>.
    /// </summary>
    IReadOnlyList<string>? GetLiveLogTail(Guid id) => null;

    /// <summary>Asks a queued or running job to stop; returns false when it is not active.</summary>
    Task<bool> CancelAsync(Guid id, CancellationToken cancellationToken = default);
}
