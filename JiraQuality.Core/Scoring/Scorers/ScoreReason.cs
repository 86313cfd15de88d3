namespace JiraQuality.Core.Scoring.Scorers;

public sealed record ScoreReason(string Reason, IReadOnlyList<int> Messages);
