using JiraQuality.Core.Reporting.Dashboard;

namespace JiraQuality.Core.Agents;

/// <summary>Improvement tips of one theme, each wording with how often it was given.</summary>
public sealed record TipTheme(string Theme, long Count, IReadOnlyList<TipGroup> Tips);
