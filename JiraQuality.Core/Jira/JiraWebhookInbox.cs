using System.Threading.Channels;
using JiraQuality.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Core.Jira;

/// <summary>
/// Issue keys named by verified webhook deliveries, waiting to be fetched again. The endpoint answers as soon
/// as a key is queued; a key lost to a restart is still picked up by the next scheduled sync, because its
/// <c>updated</c> moved past the checkpoint.
/// </summary>
public sealed class JiraWebhookInbox
{
    private readonly Channel<string> _keys = Channel.CreateBounded<string>(new BoundedChannelOptions(1000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>False when the inbox is full; the caller should answer so that Jira retries later.</summary>
    public bool TryQueue(string issueKey) => _keys.Writer.TryWrite(issueKey);

    public ChannelReader<string> Reader => _keys.Reader;
}

/// <summary>Fetches each queued issue from Jira, ingests it, and queues processing when its thread changed.</summary>
public sealed class JiraWebhookWorker(JiraWebhookInbox inbox, IServiceScopeFactory scopes, ILogger<JiraWebhookWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var issueKey in inbox.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sync = scope.ServiceProvider.GetRequiredService<JiraSyncService>();
                var result = await sync.SyncIssueAsync(issueKey, "webhook", stoppingToken);
                if (result is { } batch && batch.Created + batch.Updated > 0
                    && scope.ServiceProvider.GetService<IJobQueue>() is { } queue)
                {
                    await queue.EnqueueAsync(new JobRequest(JobKinds.Processing, JobRequesters.Webhook), stoppingToken);
                }

                logger.LogInformation("Webhook re-fetch of {IssueKey}: {Result}", issueKey, result is null ? "not found" : $"{result.Created} new, {result.Updated} changed");
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // One bad issue must not stop the inbox; the scheduled sync retries it.
                logger.LogWarning(exception, "Webhook re-fetch of {IssueKey} failed", issueKey);
            }
        }
    }
}
