using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Alerts;

/// <summary>
/// Sends the deliveries that are due. Each is claimed in the database first (a lease with a token), so two
/// instances never send the same one at once; only the holder of the claim records the outcome. A failure that is
/// worth retrying (5xx, timeout, network) waits a doubling back-off in <see cref="AlertDelivery.NextAttemptAtUtc"/>;
/// a refusal (4xx, bad credentials) or the last attempt marks it failed. A sent delivery is never picked up again.
/// </summary>
public sealed class AlertOutbox(
    IDbContextFactory<JiraQualityDbContext> contexts,
    AlertDispatcher dispatcher,
    AlertConfiguration configuration,
    IOptionsMonitor<AlertsOptions> options,
    TimeProvider time,
    ILogger<AlertOutbox> logger)
{
    private const int BatchSize = 20;

    /// <summary>Sends what is due now, batch after batch, until nothing due is left or <paramref name="cancellationToken"/> stops it.</summary>
    public async Task<AlertDeliveryPass> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var (sent, retrying, failed) = (0, 0, 0);
        while (true)
        {
            var claimed = await ClaimDueAsync(cancellationToken);
            if (claimed.Count == 0)
            {
                return new AlertDeliveryPass(sent, retrying, failed);
            }

            AlertsOptions settings;
            try
            {
                // Read once per batch: a channel changed on the Settings page (of any instance) applies from the next batch.
                settings = await configuration.CurrentAsync(cancellationToken);
            }
            catch (Exception)
            {
                foreach (var (unsent, unsentToken) in claimed)
                {
                    await ReleaseAsync(unsent.Id, unsentToken);
                }

                throw;
            }

            for (var i = 0; i < claimed.Count; i++)
            {
                var (delivery, token) = claimed[i];
                string outcome;
                try
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    outcome = await SendClaimedAsync(delivery, token, settings, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Stopping: give back what this pass claimed but has not sent, so a new start sends it at once.
                    foreach (var (unsent, unsentToken) in claimed.Skip(i))
                    {
                        await ReleaseAsync(unsent.Id, unsentToken);
                    }

                    throw;
                }

                sent += outcome == AlertDeliveryStates.Sent ? 1 : 0;
                retrying += outcome == AlertDeliveryStates.Pending ? 1 : 0;
                failed += outcome == AlertDeliveryStates.Failed ? 1 : 0;
            }
        }
    }

    /// <summary>When the next pending delivery becomes due (null when none is pending).</summary>
    public async Task<DateTime?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var next = await db.Set<AlertDelivery>().AsNoTracking()
            .Where(d => d.State == AlertDeliveryStates.Pending)
            .OrderBy(d => d.NextAttemptAtUtc)
            .Select(d => (DateTime?)d.NextAttemptAtUtc)
            .FirstOrDefaultAsync(cancellationToken);
        return next is { } value ? AlertEvaluationService.AsUtc(value) : null;
    }

    private async Task<List<(AlertDelivery Delivery, Guid Token)>> ClaimDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var leaseEnd = now + options.CurrentValue.ClaimLease;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var due = await db.Set<AlertDelivery>().AsNoTracking()
            .Where(d => d.State == AlertDeliveryStates.Pending && d.NextAttemptAtUtc <= now && (d.ClaimedUntilUtc == null || d.ClaimedUntilUtc < now))
            .OrderBy(d => d.NextAttemptAtUtc)
            .Select(d => d.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        var claimed = new List<(AlertDelivery, Guid)>(due.Count);
        foreach (var id in due)
        {
            var token = Guid.NewGuid();
            var won = await db.Set<AlertDelivery>()
                .Where(d => d.Id == id && d.State == AlertDeliveryStates.Pending && (d.ClaimedUntilUtc == null || d.ClaimedUntilUtc < now))
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntilUtc, leaseEnd).SetProperty(d => d.ClaimToken, token), cancellationToken);
            if (won == 1)
            {
                claimed.Add((await db.Set<AlertDelivery>().AsNoTracking().SingleAsync(d => d.Id == id, cancellationToken), token));
            }
        }

        return claimed;
    }

    private async Task<string> SendClaimedAsync(AlertDelivery delivery, Guid token, AlertsOptions settings, CancellationToken cancellationToken)
    {
        var attempts = delivery.Attempts + 1;
        try
        {
            var channel = settings.FindChannel(delivery.Channel)
                ?? throw new AlertSendException($"Channel '{delivery.Channel}' is not configured any more.", retryable: false);
            await dispatcher.SendAsync(channel, AlertEnvelope.FromDelivery(delivery), cancellationToken);
        }
        catch (Exception ex) when (ex is AlertSendException or InvalidDataException or System.Text.Json.JsonException or FormatException or ArgumentException)
        {
            var retryable = ex is AlertSendException { Retryable: true } && attempts < settings.MaxAttempts;
            var state = retryable ? AlertDeliveryStates.Pending : AlertDeliveryStates.Failed;
            var next = time.GetUtcNow().UtcDateTime + BackOff(attempts, settings);
            var error = ex.Message;
            await RecordAsync(delivery.Id, token, s => s
                .SetProperty(d => d.State, state)
                .SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.LastError, error)
                .SetProperty(d => d.NextAttemptAtUtc, next)
                .SetProperty(d => d.ClaimedUntilUtc, (DateTime?)null)
                .SetProperty(d => d.ClaimToken, (Guid?)null));
            if (retryable)
            {
                logger.LogWarning("Alert delivery {DeliveryId} to channel {Channel} failed (attempt {Attempt} of {MaxAttempts}), retrying at {NextAttempt:o}: {Error}", delivery.Id, delivery.Channel, attempts, settings.MaxAttempts, next, error);
            }
            else
            {
                logger.LogError("Alert delivery {DeliveryId} to channel {Channel} failed after {Attempts} attempts and is given up: {Error}", delivery.Id, delivery.Channel, attempts, error);
            }

            return state;
        }

        var sentAt = time.GetUtcNow().UtcDateTime;
        await RecordAsync(delivery.Id, token, s => s
            .SetProperty(d => d.State, AlertDeliveryStates.Sent)
            .SetProperty(d => d.Attempts, attempts)
            .SetProperty(d => d.SentAtUtc, sentAt)
            .SetProperty(d => d.LastError, (string?)null)
            .SetProperty(d => d.ClaimedUntilUtc, (DateTime?)null)
            .SetProperty(d => d.ClaimToken, (Guid?)null));
        logger.LogInformation("Alert delivery {DeliveryId} ({Rule}) sent to channel {Channel}", delivery.Id, delivery.RuleId, delivery.Channel);
        return AlertDeliveryStates.Sent;
    }

    /// <summary>The wait after <paramref name="attempts"/> failed attempts: the base delay doubled per further attempt, capped.</summary>
    public static TimeSpan BackOff(int attempts, AlertsOptions options)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = TimeSpan.FromMilliseconds(Math.Min(options.RetryBaseDelay.TotalMilliseconds * factor, options.RetryMaxDelay.TotalMilliseconds));
        return delay;
    }

    /// <summary>Gives a claimed delivery back unsent: nothing was attempted, so the attempt count stays.</summary>
    private Task ReleaseAsync(Guid id, Guid token) =>
        RecordAsync(id, token, s => s.SetProperty(d => d.ClaimedUntilUtc, (DateTime?)null).SetProperty(d => d.ClaimToken, (Guid?)null));

    private async Task RecordAsync(
        Guid id, Guid token, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<AlertDelivery>> setters)
    {
        // Recorded even when the app is stopping: the outcome of a send that happened must not be lost.
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        var updated = await db.Set<AlertDelivery>().Where(d => d.Id == id && d.ClaimToken == token).ExecuteUpdateAsync(setters, CancellationToken.None);
        if (updated == 0)
        {
            logger.LogWarning("Alert delivery {DeliveryId} was taken over by another instance before its outcome was recorded", id);
        }
    }
}
