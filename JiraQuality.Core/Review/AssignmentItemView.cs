namespace JiraQuality.Core.Review;

public sealed record AssignmentItemView(string IssueKey, bool Reviewed);
