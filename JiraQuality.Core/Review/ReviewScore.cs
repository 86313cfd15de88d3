namespace JiraQuality.Core.Review;

/// <summary>One category's score in a review, beside the AI's score for it when the review was saved.</summary>
public sealed class ReviewScore
{
    public Guid ReviewId { get; set; }
    public string Category { get; set; } = "";

    /// <summary>1–5, or 1 pass / 0 fail; null is N/A.</summary>
    public double? Score { get; set; }

    /// <summary>The AI's score of this category on the conversation when the review was saved (null: none).</summary>
    public double? AiScore { get; set; }
}
