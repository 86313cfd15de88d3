using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Jira;

/// <summary>
/// Stores each verified webhook delivery as a pending row of <c>webhook_deliveries</c> (one insert is both the
/// de-duplication record and the request to fetch the issue again), then wakes the worker in this process.
/// </summary>
public sealed class JiraWebhookInbox(IDbContextFactory<JiraQualityDbContext> databases, TimeProvider time)
{
    /// <summary>Prefix of the identifier given to a delivery that came without <c>X-Atlassian-Webhook-Identifier</c>.</summary>
    public const string LocalIdentifierPrefix = "local:";

    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>
    /// Stores the delivery as pending. False when a delivery with this identifier is already stored (a retry by
    /// Jira), in which case nothing is written. A delivery without identifier cannot be recognised again, so it is
    /// always stored.
    /// </summary>
    public Task<bool> AcceptAsync(string? identifier, string issueKey, CancellationToken cancellationToken) =>
        AcceptAsync(identifier, issueKey, bodyIdentity: null, cancellationToken);

    /// <summary>
    /// Stores the delivery as pending. False when a delivery with this identifier or this body identity (see
    /// <see cref="BodyIdentityOf"/>) is still stored, in which case nothing is written: Jira's retries and a signed body
    /// replayed with no or a new identifier header are recognised for as long as the retention keeps the row.
    /// </summary>
    public async Task<bool> AcceptAsync(string? identifier, string issueKey, string? bodyIdentity, CancellationToken cancellationToken)
    {
        var id = string.IsNullOrEmpty(identifier) ? LocalIdentifierPrefix + Guid.NewGuid().ToString("N") : identifier;
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        if (await IsKnownAsync(db, id, bodyIdentity, cancellationToken))
        {
            return false;
        }

        db.WebhookDeliveries.Add(new WebhookDelivery
        {
            Identifier = id,
            IssueKey = issueKey,
            ReceivedAtUtc = now,
            State = WebhookDeliveryStates.Pending,
            NextAttemptAtUtc = now,
            BodyIdentity = bodyIdentity,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            await using var check = await databases.CreateDbContextAsync(cancellationToken);
            if (await IsKnownAsync(check, id, bodyIdentity, cancellationToken))
            {
                // A concurrent retry or replay of the same delivery stored it first.
                return false;
            }

            throw;
        }

        Ring();
        return true;
    }

    /// <summary>
    /// What a delivery's body says happened, as a SHA-256 hex: the event, the issue key, Jira's <c>timestamp</c> and the
    /// comment id (two comments of one issue may share a millisecond). A body without a timestamp is identified by all
    /// its bytes, so only an exact copy matches it.
    /// </summary>
    public static string BodyIdentityOf(string webhookEvent, string issueKey, long? timestamp, string? commentId, ReadOnlySpan<byte> body)
    {
        var hash = timestamp is { } ms
            ? SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', "event", webhookEvent, issueKey, ms.ToString(CultureInfo.InvariantCulture), commentId ?? "")))
            : SHA256.HashData(body);
        return Convert.ToHexStringLower(hash);
    }

    private static Task<bool> IsKnownAsync(JiraQualityDbContext db, string identifier, string? bodyIdentity, CancellationToken cancellationToken) =>
        bodyIdentity is null
            ? db.WebhookDeliveries.AnyAsync(d => d.Identifier == identifier, cancellationToken)
            : db.WebhookDeliveries.AnyAsync(d => d.Identifier == identifier || d.BodyIdentity == bodyIdentity, cancellationToken);

    /// <summary>Wakes the worker now rather than at its next poll.</summary>
    public void Ring() => _doorbell.Writer.TryWrite(true);

    /// <summary>Returns when a delivery is accepted in this process, or after <paramref name="timeout"/>.</summary>
    public async Task WaitForDeliveryAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_doorbell.Reader.TryRead(out _) || timeout <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _doorbell.Reader.ReadAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout ran out: time to look at the table again.
        }
    }
}

/// <summary>What one pass over the pending deliveries did.</summary>
public sealed record WebhookDrainResult(int IssuesFetched, int DeliveriesFetched, int DeliveriesRetrying, int DeliveriesFailed, DateTime? NextDueUtc);

/// <summary>Counts for the Settings page.</summary>
public sealed record WebhookDeliveryCounts(int Pending, int Failed, string? LastError);

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
