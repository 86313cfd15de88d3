namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>JSM outcomes of one period: CSAT (rated conversations, mean stars) and SLA (measured, breached).</summary>
public sealed record ServiceDeskPeriod(long Rated, double? CsatMean, long SlaMeasured, long SlaBreached)
{
    public double? SlaBreachedPercent => SlaMeasured == 0 ? null : 100.0 * SlaBreached / SlaMeasured;
}
