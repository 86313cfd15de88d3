namespace JiraQuality.Core.Jobs;

/// <summary>Runs one kind of job. Handlers are resolved from a DI scope per run.</summary>
public interface IJobHandler
{
    string Kind { get; }

    Task<JobResult> RunAsync(JobRequest request, IJobProgress progress, CancellationToken cancellationToken);
}
