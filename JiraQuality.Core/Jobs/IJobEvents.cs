namespace JiraQuality.Core.Jobs;

/// <summary>The in-process stream of job events that components, the hub and pages subscribe to.</summary>
public interface IJobEvents
{
    /// <summary>
    /// Calls <paramref name="onBatch"/> with throttled batches; never two calls at once for one subscriber, and the
    /// latest state is always delivered. Dispose the result to stop.
    /// </summary>
    IDisposable Subscribe(Func<JobEventBatch, Task> onBatch, JobSubscriptionOptions? options = null);

    /// <summary>
    /// The latest state of every job this process has queued or is running and, on a shared database, of the jobs other
    /// instances have queued or are running.
    /// </summary>
    IReadOnlyList<JobProgressUpdate> ActiveJobs { get; }
}
