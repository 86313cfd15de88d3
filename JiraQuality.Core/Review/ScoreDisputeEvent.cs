namespace JiraQuality.Core.Review;

public sealed class ScoreDisputeEvent
{
    public long Id { get; set; }
    public Guid DisputeId { get; set; }
    public DateTime AtUtc { get; set; }
    public string Actor { get; set; } = "";
    public string State { get; set; } = "";
    public double? CorrectedScore { get; set; }
    public string? Note { get; set; }
}
