using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Jira.Webhooks;

/// <summary>
/// Drains the pending webhook deliveries: at start-up (deliveries a previous run left are picked up, on SQLite also
/// those it was fetching when it died), whenever a
/// delivery is accepted here, when a back-off runs out, and at least every <see cref="WebhookOptions.PollInterval"/>
/// for deliveries accepted by another instance. Old fetched and failed deliveries are pruned about hourly.
/// </summary>
public sealed class JiraWebhookWorker(
    JiraWebhookInbox inbox,
    JiraWebhookRefetcher refetcher,
    IOptions<WebhookOptions> options,
    IOptions<JiraOptions> jira,
    TimeProvider time,
    ILogger<JiraWebhookWorker> logger) : BackgroundService
{
    public static readonly TimeSpan PruneInterval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!jira.Value.IsConfigured)
        {
            logger.LogInformation("Webhook re-fetches are off until Jira is configured; pending deliveries wait for it.");
            return;
        }

        var pollInterval = options.Value.PollInterval > TimeSpan.Zero ? options.Value.PollInterval : TimeSpan.FromSeconds(30);
        DateTime? nextPruneUtc = null;
        var recovered = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = pollInterval;
            try
            {
                if (!recovered)
                {
                    var freed = await refetcher.RecoverClaimsAsync(stoppingToken);
                    if (freed > 0)
                    {
                        logger.LogInformation("{Count} webhook deliveries left mid-fetch by the previous run are fetched again", freed);
                    }

                    recovered = true;
                }

                var now = time.GetUtcNow().UtcDateTime;
                if (nextPruneUtc is null || now >= nextPruneUtc)
                {
                    var pruned = await refetcher.PruneAsync(stoppingToken);
                    if (pruned > 0)
                    {
                        logger.LogInformation("Pruned {Count} old webhook deliveries", pruned);
                    }

                    nextPruneUtc = now + PruneInterval;
                }

                var result = await refetcher.DrainAsync(stoppingToken);
                if (result.NextDueUtc is { } due)
                {
                    var untilDue = due - time.GetUtcNow().UtcDateTime;
                    wait = untilDue < wait ? untilDue : wait;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database may be briefly unreachable; the deliveries are safe in it, so try again later.
                logger.LogError(exception, "Webhook deliveries could not be drained; trying again in {Wait}", pollInterval);
            }

            try
            {
                await inbox.WaitForDeliveryAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
