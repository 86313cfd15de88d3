namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>Per bucket figures of the window and, index by index, of the previous period.</summary>
public sealed record TrendSeries(
    IReadOnlyList<TrendBucket> Buckets,
    IReadOnlyList<TrendPoint> Current,
    IReadOnlyList<TrendPoint> Previous,
    string TimeZoneId,
    bool Hourly);
