using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Rollup;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>The trend of one view and of its previous period, bucketed in the view's time zone.</summary>
internal static class TrendQuery
{
    public static async Task<TrendSeries> ReadAsync(JiraQualityDbContext db, RangePlanner plan, RollupSlice? slice, TrendBuckets buckets, string zoneId, bool hourly, DateTime from, DateTime asOf, MetricsFilter filter, CancellationToken cancellationToken)
    {
        var previousFrom = from - buckets.PeriodShift;
        var split = new HourSplit(previousFrom, asOf, from);
        var rows = (slice is not null ? split.EdgeRows(db.ProcessedConversations.AsNoTracking()) : plan.Rows(db, previousFrom, asOf)).Filtered(filter);

        // Grouped by UTC slot (hour, or quarter hour for zones offset by minutes) and period; slots are
        // mapped to local buckets afterwards, which keeps the SQL the same on both providers.
        var current = Enumerable.Range(0, buckets.Buckets.Count).Select(_ => new Accumulated()).ToArray();
        var previous = Enumerable.Range(0, buckets.Buckets.Count).Select(_ => new Accumulated()).ToArray();
        if (plan.IsSqlite && !buckets.NeedsQuarterHours)
        {
            // SQLite keeps timestamps as ISO text: the first 13 characters are the UTC hour, far cheaper than strftime.
            var hours = await rows
                .GroupBy(x => new { Current = x.ReferenceUtc >= from, Hour = x.ReferenceUtc!.Value.ToString().Substring(0, 13) })
                .Aggregate()
                .ToListAsync(cancellationToken);
            foreach (var slot in hours)
            {
                var index = buckets.IndexOf(SqliteHourText.Parse(slot.Key.Hour), previousPeriod: !slot.Key.Current);
                (slot.Key.Current ? current : previous)[index].Add(slot);
            }
        }
        else
        {
            var slots = await rows
                .GroupBy(x => new
                {
                    Current = x.ReferenceUtc >= from,
                    x.ReferenceUtc!.Value.Year,
                    x.ReferenceUtc!.Value.Month,
                    x.ReferenceUtc!.Value.Day,
                    x.ReferenceUtc!.Value.Hour,
                    Quarter = buckets.NeedsQuarterHours ? x.ReferenceUtc!.Value.Minute / 15 : 0,
                })
                .Aggregate()
                .ToListAsync(cancellationToken);
            foreach (var slot in slots)
            {
                var start = new DateTime(slot.Key.Year, slot.Key.Month, slot.Key.Day, slot.Key.Hour, slot.Key.Quarter * 15, 0, DateTimeKind.Utc);
                var index = buckets.IndexOf(start, previousPeriod: !slot.Key.Current);
                (slot.Key.Current ? current : previous)[index].Add(slot);
            }
        }

        if (slice is not null)
        {
            foreach (var hour in await split.WholeHoursAsync(db, MetricsHourlyRollup.Overall, cancellationToken, slice))
            {
                var isCurrent = hour.HourUtc >= from;
                (isCurrent ? current : previous)[buckets.IndexOf(hour.HourUtc, previousPeriod: !isCurrent)].Add(hour.ToTotals(0));
            }
        }

        return new TrendSeries(
            buckets.Buckets,
            current.Select(a => a.ToTrendPoint()).ToList(),
            previous.Select(a => a.ToTrendPoint()).ToList(),
            zoneId,
            hourly);
    }
}
