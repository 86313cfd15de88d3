using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Rollup;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>The most frequent contact reasons of one view, each with its count in the previous period.</summary>
internal static class ContactReasonPanelQuery
{
    private sealed record ReasonSums(bool Current, string Reason, long Count, long Misclassified, long Verdicts);

    public static async Task<ContactReasonPanel> ReadAsync(JiraQualityDbContext db, RangePlanner plan, MetricsOptions options, bool rollup, DateTime from, DateTime asOf, TimeSpan duration, MetricsFilter filter, CancellationToken cancellationToken)
    {
        var split = new HourSplit(from - duration, asOf, from);
        var rows = rollup ? split.EdgeRows(db.ProcessedConversations.AsNoTracking()) : plan.Rows(db, from - duration, asOf);
        var groups = await rows
            .Filtered(filter)
            .GroupBy(x => new
            {
                Current = x.ReferenceUtc >= from,
                Reason = x.ContactReason != null && x.ContactReason != "" ? x.ContactReason
                    : x.ContactReasonOriginal != null && x.ContactReasonOriginal != "" ? x.ContactReasonOriginal
                    : MetricsFilter.UnspecifiedReason,
            })
            .Select(g => new
            {
                g.Key.Current,
                g.Key.Reason,
                Count = g.LongCount(),
                Misclassified = g.LongCount(x => x.ContactReasonChanged == true),
                Verdicts = g.LongCount(x => x.ContactReasonChanged != null),
            })
            .Select(g => new ReasonSums(g.Current, g.Reason, g.Count, g.Misclassified, g.Verdicts))
            .ToListAsync(cancellationToken);
        if (rollup)
        {
            var cut = MetricsRollupMaintenance.HourOf(from);
            var hours = await split.RollupRows(db, MetricsHourlyRollup.ContactReasonDimension)
                .Where(r => r.HourUtc != cut)
                .GroupBy(r => new { Current = r.HourUtc >= from, r.Value })
                .Select(g => new { g.Key.Current, g.Key.Value, Count = g.Sum(r => r.Count), Misclassified = g.Sum(r => r.Misclassified), Verdicts = g.Sum(r => r.ReasonVerdicts) })
                .ToListAsync(cancellationToken);
            groups = groups
                .Concat(hours.Select(h => new ReasonSums(h.Current, h.Value, h.Count, h.Misclassified, h.Verdicts)))
                .GroupBy(g => (g.Current, g.Reason))
                .Select(g => new ReasonSums(g.Key.Current, g.Key.Reason, g.Sum(x => x.Count), g.Sum(x => x.Misclassified), g.Sum(x => x.Verdicts)))
                .ToList();
        }

        var current = groups.Where(g => g.Current).ToList();
        var total = current.Sum(g => g.Count);
        var top = current
            .OrderByDescending(g => g.Count)
            .ThenBy(g => g.Reason, StringComparer.OrdinalIgnoreCase)
            .Take(options.ContactReasonsLimit)
            .Select(g => new ContactReasonRow(
                g.Reason,
                g.Count,
                total == 0 ? 0 : 100.0 * g.Count / total,
                groups.Where(p => !p.Current && p.Reason == g.Reason).Sum(p => p.Count),
                g.Misclassified,
                g.Verdicts))
            .ToList();
        return new ContactReasonPanel(top, total, current.Sum(g => g.Misclassified), current.Sum(g => g.Verdicts));
    }
}
