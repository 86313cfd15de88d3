namespace JiraQuality.Core.Review;

public sealed record DisputeResult(DisputeView? Dispute, string? Problem)
{
    public bool Succeeded => Dispute is not null;
}
