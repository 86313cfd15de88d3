namespace JiraQuality.Core.Review;

/// <summary>A reviewer's comment in a review, anchored to one message of the thread (its index) or to the whole conversation (null).</summary>
public sealed class ReviewComment
{
    public long Id { get; set; }
    public Guid ReviewId { get; set; }
    public int? MessageIndex { get; set; }
    public string Text { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
}
