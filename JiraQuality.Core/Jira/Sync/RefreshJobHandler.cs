using Microsoft.Extensions.DependencyInjection;
using JiraQuality.Core.Jobs;

namespace JiraQuality.Core.Jira.Sync;

/// <summary>
/// Sync, then processing of whatever the sync stored or changed, in the same job so the page shows one run.
/// </summary>
/// <remarks>Processing is taken by its job kind, so the Jira module needs no reference to the scoring module's handler type.</remarks>
public sealed class RefreshJobHandler(JiraSyncService sync, [FromKeyedServices(JobKinds.Processing)] IJobHandler processing) : IJobHandler
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

        progress.Log("Processing the new and changed conversations.");
        var processed = await processing.RunAsync(new JobRequest(JobKinds.Processing, request.RequestedBy), progress, cancellationToken);
        return new JobResult($"{synced.Summary} {processed.Summary}", synced.Failed + processed.Failed);
    }
}
