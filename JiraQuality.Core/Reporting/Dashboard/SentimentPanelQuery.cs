using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Rollup;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>The sentiment distribution of one view and its counts per trend bucket.</summary>
internal static class SentimentPanelQuery
{
    public static async Task<SentimentPanel> ReadAsync(JiraQualityDbContext db, RangePlanner plan, bool rollup, TrendBuckets buckets, DateTime from, DateTime asOf, MetricsFilter filter, CancellationToken cancellationToken)
    {
        var split = new HourSplit(from, asOf);
        var rows = (rollup ? split.EdgeRows(db.ProcessedConversations.AsNoTracking()) : plan.Rows(db, from, asOf)).Filtered(filter);
        var trend = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var label in SentimentPanel.Labels)
        {
            trend[label] = new long[buckets.Buckets.Count];
        }

        void Add(string? sentiment, DateTime slotStart, long count)
        {
            var label = string.IsNullOrWhiteSpace(sentiment) ? MetricsFilter.NeutralSentiment : sentiment;
            if (!trend.TryGetValue(label, out var counts))
            {
                counts = trend[label] = new long[buckets.Buckets.Count];
            }

            counts[buckets.IndexOf(slotStart, previousPeriod: false)] += count;
        }

        if (plan.IsSqlite && !buckets.NeedsQuarterHours)
        {
            var hours = await rows
                .GroupBy(x => new { x.SentimentPrimary, Hour = x.ReferenceUtc!.Value.ToString().Substring(0, 13) })
                .Select(g => new { g.Key, Count = g.LongCount() })
                .ToListAsync(cancellationToken);
            foreach (var slot in hours)
            {
                Add(slot.Key.SentimentPrimary, SqliteHourText.Parse(slot.Key.Hour), slot.Count);
            }
        }
        else
        {
            var slots = await rows
                .GroupBy(x => new
                {
                    x.SentimentPrimary,
                    x.ReferenceUtc!.Value.Year,
                    x.ReferenceUtc!.Value.Month,
                    x.ReferenceUtc!.Value.Day,
                    x.ReferenceUtc!.Value.Hour,
                    Quarter = buckets.NeedsQuarterHours ? x.ReferenceUtc!.Value.Minute / 15 : 0,
                })
                .Select(g => new { g.Key, Count = g.LongCount() })
                .ToListAsync(cancellationToken);
            foreach (var slot in slots)
            {
                Add(slot.Key.SentimentPrimary, new DateTime(slot.Key.Year, slot.Key.Month, slot.Key.Day, slot.Key.Hour, slot.Key.Quarter * 15, 0, DateTimeKind.Utc), slot.Count);
            }
        }

        if (rollup)
        {
            foreach (var hour in await split.WholeHoursAsync(db, MetricsHourlyRollup.SentimentDimension, cancellationToken))
            {
                Add(hour.Value, hour.HourUtc, hour.Count);
            }
        }

        var total = trend.Values.Sum(c => c.Sum());
        var distribution = trend
            .Select(pair => new SentimentSlice(pair.Key, pair.Value.Sum(), total == 0 ? 0 : 100.0 * pair.Value.Sum() / total))
            .Where(s => s.Count > 0)
            .OrderByDescending(s => s.Count)
            .ThenBy(s => s.Sentiment, StringComparer.Ordinal)
            .ToList();
        return new SentimentPanel(distribution, trend.ToDictionary(p => p.Key, p => (IReadOnlyList<long>)p.Value, StringComparer.Ordinal));
    }
}
