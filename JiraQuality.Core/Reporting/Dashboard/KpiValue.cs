namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>A KPI's value for one period: the figure, and for rates the numerator and denominator.</summary>
public sealed record KpiValue(double? Value, long Count, long Total);
