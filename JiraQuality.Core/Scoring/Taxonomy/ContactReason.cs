namespace JiraQuality.Core.Scoring.Taxonomy;

public sealed record ContactReason(string Label, IReadOnlyList<string> Hints);
