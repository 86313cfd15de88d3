using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Rollup;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Reporting.Dashboard;

internal static class WindowKpisQuery
{
    /// <summary>
    /// The 60 days before the as-of instant cut into six disjoint segments at 24 h, 48 h, 7 d, 14 d and 30 d;
    /// each window and its previous period is a sum of whole segments, so one GROUP BY serves all six periods.
    /// </summary>
    public static async Task<IReadOnlyList<WindowKpis>> ReadAsync(JiraQualityDbContext db, RangePlanner plan, RollupSlice? slice, DateTime asOf, MetricsFilter filter, CancellationToken cancellationToken)
    {
        var b0 = asOf - TimeSpan.FromHours(24);
        var b1 = asOf - TimeSpan.FromHours(48);
        var b2 = asOf - TimeSpan.FromDays(7);
        var b3 = asOf - TimeSpan.FromDays(14);
        var b4 = asOf - TimeSpan.FromDays(30);
        var b5 = asOf - TimeSpan.FromDays(60);
        var split = new HourSplit(b5, asOf, b0, b1, b2, b3, b4);
        var rows = slice is not null ? split.EdgeRows(db.ProcessedConversations.AsNoTracking()) : plan.Rows(db, b5, asOf);
        var totals = await rows
            .Filtered(filter)
            .GroupBy(x => x.ReferenceUtc >= b0 ? 0
                : x.ReferenceUtc >= b1 ? 1
                : x.ReferenceUtc >= b2 ? 2
                : x.ReferenceUtc >= b3 ? 3
                : x.ReferenceUtc >= b4 ? 4
                : 5)
            .Aggregate()
            .ToListAsync(cancellationToken);
        if (slice is not null)
        {
            int Segment(DateTime hour) => hour >= b0 ? 0 : hour >= b1 ? 1 : hour >= b2 ? 2 : hour >= b3 ? 3 : hour >= b4 ? 4 : 5;
            totals.AddRange((await split.WholeHoursAsync(db, MetricsHourlyRollup.Overall, cancellationToken, slice)).Select(h => h.ToTotals(Segment(h.HourUtc))));
        }

        // People are counted once per period, so the distinct (segment, person) pairs are read, not sums.
        var people = await plan.Rows(db, b5, asOf)
            .Filtered(filter)
            .Where(x => (x.AgentProfanityDetected && x.PrimaryAgent != null && x.PrimaryAgent != "") || (x.CustomerAbuseDetected && x.Reporter != null && x.Reporter != ""))
            .Select(x => new
            {
                Segment = x.ReferenceUtc >= b0 ? 0
                    : x.ReferenceUtc >= b1 ? 1
                    : x.ReferenceUtc >= b2 ? 2
                    : x.ReferenceUtc >= b3 ? 3
                    : x.ReferenceUtc >= b4 ? 4
                    : 5,
                Agent = x.AgentProfanityDetected ? x.PrimaryAgent : null,
                Customer = x.CustomerAbuseDetected ? x.Reporter : null,
            })
            .Distinct()
            .ToListAsync(cancellationToken);

        PeriodKpis Sum(DateTime from, DateTime to, params int[] segmentIds)
        {
            var sum = new Accumulated();
            foreach (var segment in totals.Where(t => segmentIds.Contains(t.Key)))
            {
                sum.Add(segment);
            }

            var inPeriod = people.Where(p => segmentIds.Contains(p.Segment)).ToList();
            return sum.ToKpis(
                from,
                to,
                inPeriod.Where(p => p.Agent is not null).Select(p => p.Agent).Distinct(StringComparer.Ordinal).LongCount(),
                inPeriod.Where(p => p.Customer is not null).Select(p => p.Customer).Distinct(StringComparer.Ordinal).LongCount());
        }

        return
        [
            new WindowKpis(MetricsWindow.Last24Hours, Sum(b0, asOf, 0), Sum(b1, b0, 1)),
            new WindowKpis(MetricsWindow.Last7Days, Sum(b2, asOf, 0, 1, 2), Sum(b3, b2, 3)),
            new WindowKpis(MetricsWindow.Last30Days, Sum(b4, asOf, 0, 1, 2, 3, 4), Sum(b5, b4, 5)),
        ];
    }
}
