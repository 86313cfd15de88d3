namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>Improvement tips that read the same once case, spacing and punctuation are ignored.</summary>
public sealed record TipGroup(string Tip, long Count, DateTime? LastSeenUtc);
