namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>The fixed-length windows the dashboard compares; each ends at the as-of instant.</summary>
public enum MetricsWindow
{
    Last24Hours,
    Last7Days,
    Last30Days,
}
