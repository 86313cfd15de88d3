namespace JiraQuality.Core.Jobs;

/// <summary>
/// Receives the events this process's own runner publishes (never those read from other instances), e.g. to pass them
/// on to the other instances. Called on the publishing thread: it must only take the event and return.
/// </summary>
public interface ILocalJobEventSink
{
    void Updated(JobProgressUpdate update);

    void Logged(IReadOnlyList<JobLogLine> lines);

    void Finished(JobSnapshot job);
}
