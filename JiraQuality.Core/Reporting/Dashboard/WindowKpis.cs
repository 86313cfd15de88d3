namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>One window's KPIs and those of the period of the same length just before it.</summary>
public sealed record WindowKpis(MetricsWindow Window, PeriodKpis Current, PeriodKpis Previous)
{
    /// <summary>
    /// Current minus previous; null when either is missing, and when the previous period holds no conversation at all:
    /// a count of 0 there means "no data", not "none happened", and a delta against it would mislead.
    /// </summary>
    public double? Delta(KpiId id) =>
        Previous.Conversations > 0 && Current[id].Value is { } now && Previous[id].Value is { } before ? now - before : null;

    /// <summary>True when the change is an improvement, false when a regression, null when flat or unknown.</summary>
    public bool? IsImprovement(KpiId id)
    {
        var delta = Delta(id);
        var good = KpiCatalog.Get(id).Good;
        if (delta is null || Math.Abs(delta.Value) < 1e-9 || good == GoodDirection.Neutral)
        {
            return null;
        }

        return good == GoodDirection.Up ? delta > 0 : delta < 0;
    }
}
