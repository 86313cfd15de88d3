namespace JiraQuality.Core.Scoring.Processing;

/// <summary>The conversations a run will score, and those set aside after repeated failures (at most 50 listed).</summary>
public sealed record ProcessingSelection(List<string> Keys, List<string> SetAside);
