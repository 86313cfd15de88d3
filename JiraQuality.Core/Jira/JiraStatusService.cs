using JiraQuality.Core.Jira.Client;
using JiraQuality.Core.Jira.Schedule;
using JiraQuality.Core.Jira.Sync;
using JiraQuality.Core.Jira.Webhooks;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Jira;

/// <summary>Reads the Jira connection and sync state, and tests the connection on request.</summary>
public sealed class JiraStatusService(
    IOptions<JiraOptions> jira,
    IOptions<ScheduleOptions> schedule,
    IOptions<RefreshOptions> refresh,
    IOptions<WebhookOptions> webhooks,
    RefreshScheduleState scheduleState,
    IDbContextFactory<JiraQualityDbContext> databases,
    JiraCloudClient client,
    IJobQueue queue)
{
    /// <summary>A refresh needs Jira's connection settings; every host has a job queue (the command line's runs inline).</summary>
    public bool CanStartRefresh => jira.Value.IsConfigured;

    /// <summary>Queues the refresh job (sync, then processing), or returns the one already active.</summary>
    public Task<JobSnapshot> StartRefreshAsync(string requestedBy, CancellationToken cancellationToken) =>
        queue.EnqueueAsync(new JobRequest(JobKinds.Refresh, requestedBy), cancellationToken);

    public async Task<JiraStatus> GetAsync(CancellationToken cancellationToken)
    {
        var options = jira.Value;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var checkpoints = await db.SyncCheckpoints.AsNoTracking().Where(c => c.Name.StartsWith("jira:")).ToListAsync(cancellationToken);
        var latest = checkpoints.OrderByDescending(c => c.LastRunAtUtc).FirstOrDefault();
        var projectCheckpoint = string.IsNullOrWhiteSpace(options.Project)
            ? null
            : checkpoints.FirstOrDefault(c => c.Name == JiraSyncService.CheckpointName(options.Project));
        var deliveries = await JiraWebhookRefetcher.CountAsync(db, cancellationToken);
        return new JiraStatus(
            options.IsConfigured,
            options.BaseUrl,
            options.Email,
            options.Project,
            latest?.LastRunAtUtc,
            latest?.LastRunIssues ?? 0,
            projectCheckpoint?.UpdatedCursorUtc,
            scheduleState.Active,
            schedule.Value.Cron,
            scheduleState.NextRunUtc,
            scheduleState.Reason,
            !string.IsNullOrEmpty(webhooks.Value.JiraSecret),
            !string.IsNullOrEmpty(refresh.Value.CronSecret),
            deliveries);
    }

    public static readonly TimeSpan ConnectionTestTimeout = TimeSpan.FromSeconds(20);

    public async Task<JiraConnectionResult> TestConnectionAsync(CancellationToken cancellationToken)
    {
        if (!jira.Value.IsConfigured)
        {
            return new JiraConnectionResult(false, "Jira is not configured: set JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_KEY.");
        }

        // A person is waiting for the answer, so retries for rate limits are cut short.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectionTestTimeout);
        try
        {
            var account = await client.GetMyselfAsync(timeout.Token);
            return new JiraConnectionResult(true, $"Connected as {account.DisplayName}.");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new JiraConnectionResult(false, $"Jira did not answer within {ConnectionTestTimeout.TotalSeconds:0} seconds.");
        }
        catch (Exception exception) when (exception is JiraApiException or HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            return new JiraConnectionResult(false, exception.Message);
        }
    }
}
