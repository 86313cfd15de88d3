namespace JiraQuality.Core.Review;

/// <summary>A stored comment of a review.</summary>
public sealed record ReviewCommentView(int? MessageIndex, string Text, DateTime CreatedAtUtc);
