using JiraQuality.Core.Jobs;

namespace JiraQuality.Core.Jira.Sync;

/// <summary>Runs a Jira sync as a job; the job's parameters are those of <see cref="JiraSyncRequest.ToParameters"/>.</summary>
public sealed class JiraSyncJobHandler(JiraSyncService sync) : IJobHandler
{
    public string Kind => JobKinds.JiraSync;

    public async Task<JobResult> RunAsync(JobRequest request, IJobProgress progress, CancellationToken cancellationToken)
    {
        var result = await sync.SyncAsync(JiraSyncRequest.FromJob(request), progress, cancellationToken);
        return new JobResult(result.Summary, result.Failed);
    }
}
