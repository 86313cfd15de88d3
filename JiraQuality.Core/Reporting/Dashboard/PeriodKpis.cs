namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>All KPIs of one period [FromUtc, ToUtc].</summary>
public sealed record PeriodKpis(DateTime FromUtc, DateTime ToUtc, long Conversations, IReadOnlyDictionary<KpiId, KpiValue> Values)
{
    public KpiValue this[KpiId id] => Values[id];
}
