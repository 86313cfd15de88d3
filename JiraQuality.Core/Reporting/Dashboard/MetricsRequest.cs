namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>What the dashboard asks for: a window ending at an instant, filters, and the trend time zone.</summary>
public sealed record MetricsRequest
{
    public MetricsWindow Window { get; init; } = MetricsWindows.Default;

    /// <summary>The end of every window; null means now.</summary>
    public DateTime? AsOfUtc { get; init; }

    public MetricsFilter Filter { get; init; } = MetricsFilter.None;

    /// <summary>IANA or Windows time-zone id for the trend buckets; null means the configured default.</summary>
    public string? TimeZoneId { get; init; }
}
