namespace JiraQuality.Core.Review;

public sealed record ReviewSaveResult(ReviewSaveOutcome Outcome, ReviewView? Review, IReadOnlyList<string> Problems);
