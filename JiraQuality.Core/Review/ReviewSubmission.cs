namespace JiraQuality.Core.Review;

/// <summary>A review as a reviewer submits it: only the categories given are stored; a null score is N/A.</summary>
public sealed record ReviewSubmission(
    string IssueKey,
    string ReviewerId,
    string ReviewerEmail,
    int ScorecardVersion,
    IReadOnlyDictionary<string, double?> Scores,
    IReadOnlyList<ReviewCommentInput>? Comments = null,
    string Source = ReviewSources.Web,
    bool EveryCategoryRequired = true,
    string Context = "");
