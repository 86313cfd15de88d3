namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>A scorer's verdict on one scorecard category of its own (not one of the AI's three scores); a null score is N/A.</summary>
public sealed record CategoryVerdict(double? Score, string? Reason);
