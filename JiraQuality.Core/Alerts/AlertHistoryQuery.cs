using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Alerts;

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
