namespace JiraQuality.Core.Jobs;

/// <summary>
/// The job queue of a host without background lanes (the command line): a job asked for runs at once in the calling
/// process, recorded like any other (it shows on the Jobs page, joins a matching job another instance runs, takes the
/// kind's lock), and <see cref="EnqueueAsync"/> returns it as it ended. Services can so depend on
/// <see cref="IJobQueue"/> in every host.
/// </summary>
public sealed class InlineJobQueue(JobRunner runner) : IJobQueue
{
    public Task<JobSnapshot> EnqueueAsync(JobRequest request, CancellationToken cancellationToken = default) =>
        runner.RunHereAsync(request, echo: null, cancellationToken);

    public Task<JobSnapshot?> GetAsync(Guid id, CancellationToken cancellationToken = default) => runner.GetAsync(id, cancellationToken);

    public Task<bool> CancelAsync(Guid id, CancellationToken cancellationToken = default) => runner.CancelAsync(id, cancellationToken);
}
