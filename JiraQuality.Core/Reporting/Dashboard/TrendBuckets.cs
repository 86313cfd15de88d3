using System.Globalization;

namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>
/// Cuts a window into local hours or days of a time zone. Every instant of the window falls in exactly one
/// bucket (the first and last may be partial), so bucket counts always add up to the window's count.
/// </summary>
public sealed class TrendBuckets
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(15);

    private TrendBuckets(IReadOnlyList<TrendBucket> buckets, TimeSpan shift, bool needsQuarterHours)
    {
        Buckets = buckets;
        PeriodShift = shift;
        NeedsQuarterHours = needsQuarterHours;
    }

    public IReadOnlyList<TrendBucket> Buckets { get; }

    /// <summary>The previous period's buckets are these shifted back by the window length.</summary>
    public TimeSpan PeriodShift { get; }

    /// <summary>True when the zone's offset has minutes (e.g. +05:30), so database slots must be quarter hours.</summary>
    public bool NeedsQuarterHours { get; }

    public static TrendBuckets Create(DateTime fromUtc, DateTime toUtc, bool hourly, TimeZoneInfo zone)
    {
        var starts = new List<DateTime> { fromUtc };
        var needsQuarterHours = zone.GetUtcOffset(fromUtc).Minutes != 0;
        var previousLocal = TimeZoneInfo.ConvertTimeFromUtc(fromUtc, zone);

        // Walk the window in quarter hours (every real zone offset is a multiple of 15 minutes) and start a
        // bucket wherever the local hour or date changes; DST gaps and overlaps fall out naturally.
        var cursor = new DateTime(fromUtc.Ticks - (fromUtc.Ticks % Step.Ticks), DateTimeKind.Utc) + Step;
        for (; cursor <= toUtc; cursor += Step)
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(cursor, zone);
            needsQuarterHours |= zone.GetUtcOffset(cursor).Minutes != 0;
            var changed = hourly
                ? local.Date != previousLocal.Date || local.Hour != previousLocal.Hour
                : local.Date != previousLocal.Date;
            if (changed && cursor < toUtc)
            {
                starts.Add(cursor);
            }

            previousLocal = local;
        }

        var buckets = new List<TrendBucket>(starts.Count);
        for (var i = 0; i < starts.Count; i++)
        {
            var start = starts[i];
            var end = i + 1 < starts.Count ? starts[i + 1] : toUtc;
            var local = TimeZoneInfo.ConvertTimeFromUtc(start, zone);
            var label = hourly
                ? local.ToString("yyyy-MM-dd HH:00", CultureInfo.InvariantCulture)
                : local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            // A DST day is 23 or 25 hours long and still whole.
            var shortest = hourly ? TimeSpan.FromHours(1) : TimeSpan.FromHours(23);
            var alignedStart = hourly ? new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0) : local.Date;
            var partial = local != alignedStart || end - start < shortest;
            buckets.Add(new TrendBucket(start, end, label, partial));
        }

        return new TrendBuckets(buckets, toUtc - fromUtc, needsQuarterHours);
    }

    /// <summary>Index of the bucket holding a database slot that starts at <paramref name="slotStartUtc"/>.</summary>
    public int IndexOf(DateTime slotStartUtc, bool previousPeriod)
    {
        var instant = previousPeriod ? slotStartUtc + PeriodShift : slotStartUtc;
        var low = 0;
        var high = Buckets.Count - 1;
        var found = 0;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            if (Buckets[mid].StartUtc <= instant)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return found;
    }

    public static TimeZoneInfo ResolveZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Equals("UTC", StringComparison.OrdinalIgnoreCase))
        {
            return TimeZoneInfo.Utc;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ArgumentException($"Unknown time zone '{id}'. Use an IANA name such as Europe/London.", nameof(id), ex);
        }
    }
}
