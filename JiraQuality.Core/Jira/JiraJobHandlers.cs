using JiraQuality.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Core.Jira;

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

/// <summary>
/// Sync, then processing of whatever the sync stored or changed. The processing handler is looked up when the
/// job runs, because it is registered by the scoring layer.
/// </summary>
public sealed class RefreshJobHandler(JiraSyncService sync, IServiceProvider services) : IJobHandler
{
    public string Kind => JobKinds.Refresh;

    public async Task<JobResult> RunAsync(JobRequest request, IJobProgress progress, CancellationToken cancellationToken)
    {
        progress.Log("Fetching the latest Jira tickets.");
        var synced = await sync.SyncAsync(JiraSyncRequest.FromJob(request), progress, cancellationToken);
        progress.Log(synced.Summary);
        if (synced.DryRun)
        {
            return new JobResult(synced.Summary, synced.Failed);
        }

        var processing = services.GetServices<IJobHandler>().FirstOrDefault(h => h.Kind == JobKinds.Processing);
        if (processing is null)
        {
            var waiting = synced.Summary + " No processing handler is registered, so the tickets wait for processing.";
            progress.Log(waiting);
            return new JobResult(waiting, synced.Failed);
        }

        progress.Log("Processing the new and changed conversations.");
        var processed = await processing.RunAsync(new JobRequest(JobKinds.Processing, request.RequestedBy), progress, cancellationToken);
        return new JobResult($"{synced.Summary} {processed.Summary}", synced.Failed + processed.Failed);
    }
}
