namespace JiraQuality.Core.Reporting.Dashboard;

public enum KpiFormat
{
    Score,
    Percent,
    Minutes,
    Count,
    Usd,
}
