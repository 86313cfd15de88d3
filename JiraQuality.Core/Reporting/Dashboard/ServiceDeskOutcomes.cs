namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>The window's and the previous period's JSM outcomes, and how CSAT relates to our scores.</summary>
public sealed record ServiceDeskOutcomes(MetricsWindow Window, ServiceDeskPeriod Current, ServiceDeskPeriod Previous, IReadOnlyList<CsatBucket> CsatVsScore)
{
    public double? CsatMeanDelta => Current.CsatMean is { } now && Previous.CsatMean is { } before ? now - before : null;

    public double? SlaBreachedDelta => Current.SlaBreachedPercent is { } now && Previous.SlaBreachedPercent is { } before ? now - before : null;
}
