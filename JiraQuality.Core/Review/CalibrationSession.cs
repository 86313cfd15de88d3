namespace JiraQuality.Core.Review;

/// <summary>Several reviewers score the same conversations blind; the session page then shows the spread.</summary>
public sealed class CalibrationSession
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>Conversations, joined with ';'.</summary>
    public string IssueKeys { get; set; } = "";

    /// <summary>Reviewer e-mails, joined with ';'.</summary>
    public string Reviewers { get; set; } = "";

    public bool Closed { get; set; }
}
