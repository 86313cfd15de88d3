namespace JiraQuality.Core.Review;

/// <summary>A comment as submitted: about the message with <paramref name="MessageIndex"/>, or the whole conversation when null.</summary>
public sealed record ReviewCommentInput(int? MessageIndex, string Text);
