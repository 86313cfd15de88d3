using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Rollup;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>
/// The values each filter drop-down offers: those of conversations in the 60 days before the as-of instant (the widest
/// window and its previous period), within the hubs a user may see.
/// </summary>
internal static class FilterOptionsQuery
{
    public static async Task<MetricsFilterOptions> ReadAsync(IDbContextFactory<JiraQualityDbContext> contexts, bool useHourlyRollup, DateTime asOf, string? allowedHubs, CancellationToken cancellationToken)
    {
        var plan = await RangePlanner.ReadAsync(contexts, cancellationToken);
        var from = asOf - TimeSpan.FromDays(60);
        var split = new HourSplit(from, asOf);
        // The rollup has no per-hub values of the other dimensions, so a scoped user's choices come from the rows.
        var rollup = useHourlyRollup && allowedHubs is null;
        IQueryable<ProcessedConversation> Rows(JiraQualityDbContext db) =>
            rollup ? split.EdgeRows(db.ProcessedConversations.AsNoTracking()) : plan.Rows(db, from, asOf).InHubs(allowedHubs);

        // The rows give the values of the partial hours at both ends, the rollup those of every whole hour between.
        Task<List<string?>> Values(string dimension, Func<IQueryable<ProcessedConversation>, IQueryable<string?>> select) => SnapshotRead.RunAsync(contexts, async db =>
        {
            var values = await select(Rows(db)).Distinct().ToListAsync(cancellationToken);
            if (rollup)
            {
                values.AddRange(await split.RollupRows(db, dimension).Select(r => (string?)r.Value).Distinct().ToListAsync(cancellationToken));
            }

            return values;
        });

        var agents = Values(MetricsHourlyRollup.AgentDimension, rows => rows.Where(x => x.PrimaryAgent != null && x.PrimaryAgent != "").Select(x => x.PrimaryAgent));
        var tiers = Values(MetricsHourlyRollup.TierDimension, rows => rows.Where(x => x.PrimaryAgentTier != null && x.PrimaryAgentTier != "").Select(x => x.PrimaryAgentTier));
        var hubs = Values(MetricsHourlyRollup.HubDimension, rows => rows.Select(x => x.Hub));
        var statuses = Values(MetricsHourlyRollup.StatusDimension, rows => rows.Where(x => x.Status != "").Select(x => (string?)x.Status));
        var reasons = Values(MetricsHourlyRollup.ReasonChoiceDimension, rows => rows.Select(x => x.ContactReason ?? x.ContactReasonOriginal));
        var sentiments = Values(MetricsHourlyRollup.SentimentDimension, rows => rows.Select(x => x.SentimentPrimary));
        await Task.WhenAll(agents, tiers, hubs, statuses, reasons, sentiments);
        var sentimentValues = await sentiments;

        static List<string> Sorted(IEnumerable<string> values) =>
            values.Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.OrdinalIgnoreCase).ToList();

        var options = new MetricsFilterOptions(
            Sorted((await agents).Select(a => a!)),
            Sorted((await tiers).Select(t => t!)),
            Sorted((await hubs).Select(h => string.IsNullOrWhiteSpace(h) ? MetricsFilter.UnassignedHub : h)),
            Sorted((await statuses).Select(s => s!)),
            Sorted((await reasons).Select(r => string.IsNullOrWhiteSpace(r) ? MetricsFilter.UnspecifiedReason : r!)),
            SentimentPanel.Labels.Where(label => sentimentValues.Any(s => s == label || (label == MetricsFilter.NeutralSentiment && string.IsNullOrEmpty(s))))
                .Concat(Sorted(sentimentValues.Where(s => !string.IsNullOrEmpty(s) && !SentimentPanel.Labels.Contains(s)).Select(s => s!)))
                .ToList());

        if (allowedHubs is not null)
        {
            // The rows of the unassigned hub are read under that label; nothing outside the scope may slip through.
            options = options with { Hubs = options.Hubs.Where(hub => Identity.HubScope.Allows(allowedHubs, hub)).ToList() };
        }

        return options;
    }
}
