using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Alerts;

/// <summary>One row of the alert history.</summary>
public sealed record AlertHistoryItem(
    Guid Id,
    string RuleId,
    string RuleKind,
    string Subject,
    string? IssueKey,
    string Channel,
    string State,
    int Attempts,
    string? LastError,
    DateTime CreatedAtUtc,
    DateTime NextAttemptAtUtc,
    DateTime? SentAtUtc,
    Guid? DigestId,
    string? DigestState,
    string Reason);

public sealed record AlertHistoryFilter(string? State = null, string? Channel = null, string? RuleKind = null, int Take = 200);

/// <summary>Reads the alert history for the page and <c>/api/alerts</c>.</summary>
public sealed class AlertHistoryQuery(IDbContextFactory<JiraQualityDbContext> contexts)
{
    public async Task<IReadOnlyList<AlertHistoryItem>> ListAsync(AlertHistoryFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Set<AlertDelivery>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.State))
        {
            query = query.Where(d => d.State == filter.State);
        }

        if (!string.IsNullOrWhiteSpace(filter.Channel))
        {
            query = query.Where(d => d.Channel == filter.Channel);
        }

        if (!string.IsNullOrWhiteSpace(filter.RuleKind))
        {
            query = query.Where(d => d.RuleKind == filter.RuleKind);
        }

        var rows = await query
            .OrderByDescending(d => d.CreatedAtUtc)
            .ThenBy(d => d.Id)
            .Take(Math.Clamp(filter.Take, 1, 1000))
            .ToListAsync(cancellationToken);
        var digestIds = rows.Where(r => r.DigestId is not null).Select(r => r.DigestId!.Value).Distinct().ToList();
        var digestStates = digestIds.Count == 0
            ? []
            : await db.Set<AlertDelivery>().AsNoTracking().Where(d => digestIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.State, cancellationToken);
        return rows.Select(r => new AlertHistoryItem(
            r.Id, r.RuleId, r.RuleKind, r.Subject, r.IssueKey, r.Channel, r.State, r.Attempts, r.LastError,
            AlertEvaluationService.AsUtc(r.CreatedAtUtc), AlertEvaluationService.AsUtc(r.NextAttemptAtUtc),
            r.SentAtUtc is { } sent ? AlertEvaluationService.AsUtc(sent) : null,
            r.DigestId, r.DigestId is { } digest ? digestStates.GetValueOrDefault(digest) : null,
            Reason(r))).ToList();
    }

    private static string Reason(AlertDelivery delivery)
    {
        try
        {
            return delivery.RuleId == AlertDeliveryRules.Digest
                ? $"{AlertDigestMessage.FromJson(delivery.PayloadJson).Alerts.Count} alerts"
                : AlertMessage.FromJson(delivery.PayloadJson).Reason;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidDataException)
        {
            return "";
        }
    }
}

/// <summary>The outcome of a test send.</summary>
public sealed record AlertTestResult(bool Succeeded, string Message);

/// <summary>Sends a test alert straight to a channel (not through the outbox) and says how it went.</summary>
public sealed class AlertChannelTester(AlertDispatcher dispatcher, AlertConfiguration configuration, TimeProvider time)
{
    public async Task<AlertTestResult> SendTestAsync(string channelName, CancellationToken cancellationToken = default)
    {
        var settings = await configuration.CurrentAsync(cancellationToken);
        var channel = settings.FindChannel(channelName);
        if (channel is null)
        {
            return new AlertTestResult(false, $"There is no channel named '{channelName}'.");
        }

        var message = new AlertMessage
        {
            Rule = "test",
            RuleId = "test",
            AtUtc = time.GetUtcNow().UtcDateTime,
            Url = string.IsNullOrWhiteSpace(settings.PublicUrl) ? null : settings.PublicUrl.TrimEnd('/') + "/alerts",
            Reason = $"This is a test alert from JiraQuality to channel '{channel.Name}'.",
        };
        try
        {
            await dispatcher.SendAsync(channel, new AlertEnvelope(Guid.NewGuid(), message, null), cancellationToken);
            return new AlertTestResult(true, $"Test alert sent to '{channel.Name}'.");
        }
        catch (AlertSendException ex)
        {
            return new AlertTestResult(false, ex.Message);
        }
    }
}
