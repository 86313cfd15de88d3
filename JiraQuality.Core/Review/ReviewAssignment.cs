namespace JiraQuality.Core.Review;

/// <summary>A batch of conversations to review, sampled from a filter, for one reviewer.</summary>
public sealed class ReviewAssignment
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string ReviewerId { get; set; } = "";
    public string ReviewerEmail { get; set; } = "";

    /// <summary>One of <see cref="ReviewSampling"/>.</summary>
    public string Sampling { get; set; } = "";

    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? DueUtc { get; set; }
    public List<ReviewAssignmentItem> Items { get; set; } = [];
}
