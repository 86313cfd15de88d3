namespace JiraQuality.Core.Reporting.Dashboard;

public static class MetricsWindows
{
    public static IReadOnlyList<MetricsWindow> All { get; } = [MetricsWindow.Last24Hours, MetricsWindow.Last7Days, MetricsWindow.Last30Days];

    public static MetricsWindow Default => MetricsWindow.Last7Days;

    public static TimeSpan Duration(this MetricsWindow window) => window switch
    {
        MetricsWindow.Last24Hours => TimeSpan.FromHours(24),
        MetricsWindow.Last7Days => TimeSpan.FromDays(7),
        _ => TimeSpan.FromDays(30),
    };

    /// <summary>The short code used in URLs and the API: 24h, 7d, 30d.</summary>
    public static string Code(this MetricsWindow window) => window switch
    {
        MetricsWindow.Last24Hours => "24h",
        MetricsWindow.Last7Days => "7d",
        _ => "30d",
    };

    public static string Label(this MetricsWindow window) => window switch
    {
        MetricsWindow.Last24Hours => "Last 24 hours",
        MetricsWindow.Last7Days => "Last 7 days",
        _ => "Last 30 days",
    };

    /// <summary>Hourly buckets for 24 h, daily buckets for 7 d and 30 d.</summary>
    public static bool UsesHourlyBuckets(this MetricsWindow window) => window == MetricsWindow.Last24Hours;

    public static bool TryParse(string? code, out MetricsWindow window)
    {
        switch (code?.Trim().ToLowerInvariant())
        {
            case "24h":
                window = MetricsWindow.Last24Hours;
                return true;
            case "7d":
                window = MetricsWindow.Last7Days;
                return true;
            case "30d":
                window = MetricsWindow.Last30Days;
                return true;
            default:
                window = Default;
                return false;
        }
    }
}
