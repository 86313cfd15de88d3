using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Reporting.Dashboard;

internal static class TipsPanelQuery
{
    /// <summary>Tips of the last 24 hours, grouped in the database by trimmed lower-case text, then by wording.</summary>
    public static async Task<TipsPanel> ReadAsync(JiraQualityDbContext db, RangePlanner plan, MetricsOptions options, DateTime asOf, MetricsFilter filter, CancellationToken cancellationToken)
    {
        var from = asOf - TimeSpan.FromHours(24);
        var groups = await plan.Rows(db, from, asOf)
            .Filtered(filter)
            .Where(x => x.ImprovementTip != null && x.ImprovementTip.Trim() != "")
            .GroupBy(x => x.ImprovementTip!.Trim().ToLower())
            .Select(g => new
            {
                Text = g.Max(x => x.ImprovementTip!.Trim())!,
                Count = g.LongCount(),
                LastSeen = g.Max(x => x.ReferenceUtc),
            })
            .ToListAsync(cancellationToken);

        var merged = groups
            .GroupBy(g => TipText.Normalise(g.Text ?? ""))
            .Select(g => new TipGroup(
                g.OrderByDescending(x => x.Count).ThenBy(x => x.Text, StringComparer.Ordinal).First().Text ?? "",
                g.Sum(x => x.Count),
                PreparedConversationMapping.AsUtc(g.Max(x => x.LastSeen))))
            .OrderByDescending(t => t.Count)
            .ThenByDescending(t => t.LastSeenUtc)
            .ThenBy(t => t.Tip, StringComparer.Ordinal)
            .ToList();
        // A scorer's tip may quote the ticket; the panel is shown to every role.
        var shown = merged.Take(options.TipsLimit).Select(t => t with { Tip = Identity.PersonalDataRedaction.Text(t.Tip) ?? "" }).ToList();
        return new TipsPanel(shown, merged.Sum(t => t.Count), merged.Count, from, asOf);
    }
}
