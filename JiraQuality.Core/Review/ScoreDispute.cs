namespace JiraQuality.Core.Review;

/// <summary>A challenge to one AI or human score, with its state; every change is kept in <see cref="ScoreDisputeEvent"/>.</summary>
public sealed class ScoreDispute
{
    public Guid Id { get; set; }
    public string IssueKey { get; set; } = "";
    public string Category { get; set; } = "";

    /// <summary>The disputed review; null when the AI's score is disputed.</summary>
    public Guid? ReviewId { get; set; }

    public double? DisputedScore { get; set; }
    public string Reason { get; set; } = "";

    /// <summary>One of <see cref="DisputeStates"/>.</summary>
    public string State { get; set; } = DisputeStates.Open;

    public double? CorrectedScore { get; set; }
    public string OpenedBy { get; set; } = "";
    public DateTime OpenedAtUtc { get; set; }
    public string? ResolvedBy { get; set; }
    public DateTime? ResolvedAtUtc { get; set; }
    public string? ResolutionNote { get; set; }
}
