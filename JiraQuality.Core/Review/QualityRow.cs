namespace JiraQuality.Core.Review;

/// <summary>
/// One agent's or team's quality: the internal quality score (mean review total, 0–100) from reviewers and the auto
/// quality score (the AI's agent score as 0–100) from every scored conversation, each with its count.
/// </summary>
public sealed record QualityRow(string Name, int Reviews, double? InternalQualityScore, int Scored, double? AutoQualityScore);
