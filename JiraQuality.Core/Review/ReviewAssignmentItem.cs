namespace JiraQuality.Core.Review;

public sealed class ReviewAssignmentItem
{
    public Guid AssignmentId { get; set; }
    public string IssueKey { get; set; } = "";
    public int Position { get; set; }
}
