using JiraQuality.Core.Jira.Client;
using JiraQuality.Core.Jira.Sync;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Jira.Webhooks;

/// <summary>
/// Fetches the issues of pending deliveries from Jira and ingests them the way the sync does. All pending
/// deliveries of one issue are fetched once. A failure is retried with back-off up to
/// <see cref="WebhookOptions.MaxFetchAttempts"/> times, then the delivery is marked failed with the error kept.
/// </summary>
public sealed class JiraWebhookRefetcher(
    IDbContextFactory<JiraQualityDbContext> databases,
    IServiceScopeFactory scopes,
    IJobQueue queue,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<JiraWebhookRefetcher> logger)
{
    /// <summary>
    /// How long an instance keeps the deliveries it is fetching to itself. Longer than any one fetch should take;
    /// if the instance dies mid-fetch, another takes them over once it runs out.
    /// </summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(10);

    /// <summary>Issues fetched per pass, so a burst cannot keep the worker from pruning or stopping.</summary>
    public const int IssuesPerPass = 50;

    private const int MaxErrorLength = 1000;

    /// <summary>Fetches the issues of every due pending delivery (up to <see cref="IssuesPerPass"/>) once each.</summary>
    public async Task<WebhookDrainResult> DrainAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        List<string> keys;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            var dueKeys = await Due(db.WebhookDeliveries.AsNoTracking(), now)
                .Where(d => d.IssueKey != null)
                .OrderBy(d => d.NextAttemptAtUtc)
                .Select(d => d.IssueKey!)
                .Take(IssuesPerPass * 4)
                .ToListAsync(cancellationToken);
            keys = dueKeys.Distinct(StringComparer.Ordinal).Take(IssuesPerPass).ToList();
        }

        int issues = 0, fetched = 0, retrying = 0, failed = 0;
        var threadsChanged = false;
        JiraFieldMap? fieldMap = null;
        try
        {
            foreach (var issueKey in keys)
            {
                var claim = await ClaimAsync(issueKey, cancellationToken);
                if (claim.Identifiers.Count == 0)
                {
                    continue;
                }

                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var sync = scope.ServiceProvider.GetRequiredService<JiraSyncService>();
                    // The site's custom fields are listed once per pass, not once per issue.
                    fieldMap ??= await sync.ResolveFieldMapAsync(NullJobProgress.Instance, cancellationToken);
                    var result = await sync.SyncIssueAsync(issueKey, "webhook", fieldMap, cancellationToken);
                    threadsChanged |= result is { } batch && batch.Created + batch.Updated > 0;
                    await CompleteAsync(claim, cancellationToken);
                    issues++;
                    fetched += claim.Identifiers.Count;
                    logger.LogDebug(
                        "Webhook re-fetch of {IssueKey} ({Deliveries} deliveries): {Result}",
                        issueKey,
                        claim.Identifiers.Count,
                        result is null ? "no longer in Jira" : $"{result.Created} new, {result.Updated} changed");
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Stopping: hand the deliveries back so the next start fetches them at once instead of after the lease.
                    await ReleaseAsync(claim);
                    throw;
                }
                catch (Exception exception)
                {
                    var (retry, gaveUp) = await RecordFailureAsync(claim, exception, settings, cancellationToken);
                    retrying += retry;
                    failed += gaveUp;
                    logger.LogWarning(
                        "Webhook re-fetch of {IssueKey} failed ({Retrying} deliveries will be retried, {Failed} gave up): {Message}",
                        issueKey,
                        retry,
                        gaveUp,
                        exception.Message);
                }
            }
        }
        finally
        {
            // Also when stopping mid-pass: the runner stores the job and runs it after a restart.
            if (threadsChanged)
            {
                await QueueProcessingAsync();
            }
        }

        // Deliveries another instance is fetching are not counted: the worker's poll looks again after their lease.
        DateTime? nextDue;
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            var after = time.GetUtcNow().UtcDateTime;
            nextDue = await db.WebhookDeliveries.AsNoTracking()
                .Where(d => d.State == WebhookDeliveryStates.Pending && d.IssueKey != null && (d.ClaimedUntilUtc == null || d.ClaimedUntilUtc < after))
                .OrderBy(d => d.NextAttemptAtUtc)
                .Select(d => (DateTime?)d.NextAttemptAtUtc)
                .FirstOrDefaultAsync(cancellationToken);
        }

        return new WebhookDrainResult(issues, fetched, retrying, failed, nextDue);
    }

    /// <summary>
    /// At start-up on SQLite, which only one process serves, a claim can only be left by a run that died mid-fetch, so
    /// its deliveries are fetched at once rather than when the lease ends. On PostgreSQL another live instance may
    /// hold the claim, so it is left to run out. Returns how many deliveries were freed.
    /// </summary>
    public async Task<int> RecoverClaimsAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (!db.Database.IsSqlite())
        {
            return 0;
        }

        return await db.WebhookDeliveries
            .Where(d => d.State == WebhookDeliveryStates.Pending && d.ClaimedUntilUtc != null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntilUtc, (DateTime?)null), cancellationToken);
    }

    /// <summary>Removes fetched and failed deliveries older than the retention; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - Retention(options.Value);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.WebhookDeliveries
            .Where(d => d.State != WebhookDeliveryStates.Pending && d.ReceivedAtUtc < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
    }

    public static async Task<WebhookDeliveryCounts> CountAsync(JiraQualityDbContext db, CancellationToken cancellationToken)
    {
        var byState = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.State != WebhookDeliveryStates.Fetched)
            .GroupBy(d => d.State)
            .Select(g => new { State = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var lastError = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.State == WebhookDeliveryStates.Failed)
            .OrderByDescending(d => d.ReceivedAtUtc)
            .Select(d => d.LastError)
            .FirstOrDefaultAsync(cancellationToken);
        return new WebhookDeliveryCounts(
            byState.FirstOrDefault(s => s.State == WebhookDeliveryStates.Pending)?.Count ?? 0,
            byState.FirstOrDefault(s => s.State == WebhookDeliveryStates.Failed)?.Count ?? 0,
            lastError);
    }

    // A shorter retention than Jira's retry window would let a retry through as a new delivery.
    public static TimeSpan Retention(WebhookOptions settings) =>
        settings.DeliveryRetention < WebhookOptions.MinimumDeliveryRetention ? WebhookOptions.MinimumDeliveryRetention : settings.DeliveryRetention;

    private static IQueryable<WebhookDelivery> Due(IQueryable<WebhookDelivery> deliveries, DateTime now) =>
        deliveries.Where(d => d.State == WebhookDeliveryStates.Pending && d.NextAttemptAtUtc <= now
                              && (d.ClaimedUntilUtc == null || d.ClaimedUntilUtc < now));

    /// <summary>
    /// Takes every due pending delivery of the issue with a conditional update, so two instances never take the
    /// same delivery. The lease end (to the millisecond, which both providers store exactly) tells this instance's
    /// rows from another's.
    /// </summary>
    private async Task<Claim> ClaimAsync(string issueKey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var leaseEnd = WholeMilliseconds(now + ClaimLease);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var taken = await Due(db.WebhookDeliveries, now)
            .Where(d => d.IssueKey == issueKey)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntilUtc, leaseEnd), cancellationToken);
        if (taken == 0)
        {
            return new Claim(leaseEnd, []);
        }

        var identifiers = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.IssueKey == issueKey && d.State == WebhookDeliveryStates.Pending && d.ClaimedUntilUtc == leaseEnd)
            .Select(d => d.Identifier)
            .ToListAsync(cancellationToken);
        return new Claim(leaseEnd, identifiers);
    }

    private async Task CompleteAsync(Claim claim, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.WebhookDeliveries
            .Where(d => claim.Identifiers.Contains(d.Identifier) && d.State == WebhookDeliveryStates.Pending)
            .ExecuteUpdateAsync(
                s => s.SetProperty(d => d.State, WebhookDeliveryStates.Fetched)
                    .SetProperty(d => d.FetchedAtUtc, now)
                    .SetProperty(d => d.ClaimedUntilUtc, (DateTime?)null)
                    .SetProperty(d => d.LastError, (string?)null),
                cancellationToken);
    }

    private async Task<(int Retrying, int Failed)> RecordFailureAsync(Claim claim, Exception exception, WebhookOptions settings, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var error = exception.Message.Length > MaxErrorLength ? exception.Message[..MaxErrorLength] : exception.Message;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = await db.WebhookDeliveries
            .Where(d => claim.Identifiers.Contains(d.Identifier) && d.State == WebhookDeliveryStates.Pending)
            .ToListAsync(cancellationToken);
        int retrying = 0, failed = 0;
        foreach (var row in rows)
        {
            row.Attempts++;
            row.LastError = error;
            row.ClaimedUntilUtc = null;
            if (row.Attempts >= Math.Max(1, settings.MaxFetchAttempts))
            {
                row.State = WebhookDeliveryStates.Failed;
                row.NextAttemptAtUtc = now;
                failed++;
            }
            else
            {
                row.NextAttemptAtUtc = now + settings.RetryDelay(row.Attempts);
                retrying++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return (retrying, failed);
    }

    private async Task ReleaseAsync(Claim claim)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await using var db = await databases.CreateDbContextAsync(timeout.Token);
            await db.WebhookDeliveries
                .Where(d => claim.Identifiers.Contains(d.Identifier) && d.State == WebhookDeliveryStates.Pending && d.ClaimedUntilUtc == claim.LeaseEnd)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntilUtc, (DateTime?)null), timeout.Token);
        }
        catch (Exception exception)
        {
            // The lease runs out on its own; the deliveries are fetched then.
            logger.LogWarning("Webhook deliveries could not be handed back while stopping; they are fetched once their lease ends: {Message}", exception.Message);
        }
    }

    private async Task QueueProcessingAsync()
    {
        try
        {
            // The runner joins a queued processing job, so a burst of webhooks costs one job; a running one has chosen
            // its tickets already, so a new one is queued behind it.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await queue.EnqueueAsync(new JobRequest(JobKinds.Processing, JobRequesters.Webhook), timeout.Token);
        }
        catch (Exception exception)
        {
            // The stored tickets stay unprocessed until the next processing or refresh job picks them up.
            logger.LogWarning("Processing could not be queued after webhook re-fetches: {Message}", exception.Message);
        }
    }

    private static DateTime WholeMilliseconds(DateTime utc) =>
        new(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    private sealed record Claim(DateTime LeaseEnd, IReadOnlyList<string> Identifiers);
}
