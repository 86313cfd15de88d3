namespace JiraQuality.Core.Review;

public sealed record AssignmentProgress(Guid Id, string Name, string ReviewerEmail, string Sampling, string CreatedBy, DateTime CreatedAtUtc, IReadOnlyList<AssignmentItemView> Items)
{
    public int Done => Items.Count(i => i.Reviewed);
    public int Total => Items.Count;
}
