namespace JiraQuality.Core.Review;

/// <summary>A stored review, for pages and exports.</summary>
public sealed record ReviewView(
    Guid Id,
    string IssueKey,
    string ReviewerEmail,
    int ScorecardVersion,
    double? Total,
    IReadOnlyList<ReviewCommentView> Comments,
    string Source,
    DateTime CreatedAtUtc,
    DateTime UpdatedAtUtc,
    IReadOnlyList<ReviewCategoryScore> Scores);
