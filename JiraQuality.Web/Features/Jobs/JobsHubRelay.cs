using JiraQuality.Core.Jobs;
using JiraQuality.Web.Features.Instances;
using Microsoft.AspNetCore.SignalR;

namespace JiraQuality.Web.Features.Jobs;

/// <summary>
/// Relays the in-process job events to every hub client, with the same throttling the pages get. With a SignalR
/// backplane only the jobs of this instance are relayed: the backplane brings them to the other instances' clients.
/// </summary>
public sealed class JobsHubRelay(IJobEvents events, IHubContext<JobsHub> hub, SignalRBackplane backplane, ILogger<JobsHubRelay> logger) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = events.Subscribe(SendAsync, new JobSubscriptionOptions { LocalOnly = backplane.Enabled });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private async Task SendAsync(JobEventBatch batch)
    {
        try
        {
            foreach (var update in batch.Updates)
            {
                await hub.Clients.All.SendAsync(JobsHub.JobUpdated, JobMessage.From(update));
            }

            foreach (var line in batch.Logs)
            {
                await hub.Clients.Group(JobsHub.GroupOf(line.JobId)).SendAsync(JobsHub.JobLog, new JobLogMessage(line.JobId, line.Kind, line.AtUtc, line.Line));
            }

            foreach (var finished in batch.Finished)
            {
                await hub.Clients.All.SendAsync(JobsHub.JobFinished, JobMessage.From(finished));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not relay job events to hub clients");
        }
    }
}
