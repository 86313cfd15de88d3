namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>The values each filter can take (from the conversations around the as-of instant).</summary>
public sealed record MetricsFilterOptions(
    IReadOnlyList<string> Agents,
    IReadOnlyList<string> Tiers,
    IReadOnlyList<string> Hubs,
    IReadOnlyList<string> Statuses,
    IReadOnlyList<string> ContactReasons,
    IReadOnlyList<string> Sentiments);
