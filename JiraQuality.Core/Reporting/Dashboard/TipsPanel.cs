namespace JiraQuality.Core.Reporting.Dashboard;

public sealed record TipsPanel(IReadOnlyList<TipGroup> Top, long Total, int Unique, DateTime FromUtc, DateTime ToUtc);
