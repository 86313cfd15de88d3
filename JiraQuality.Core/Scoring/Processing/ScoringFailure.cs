namespace JiraQuality.Core.Scoring.Processing;

/// <summary>
/// A conversation that could not be scored: how often and why. Failed conversations go to the back of the next
/// run, and after too many failed runs they are set aside until asked for by key.
/// </summary>
public sealed class ScoringFailure
{
    public string IssueKey { get; set; } = "";

    /// <summary>Runs in which scoring failed since the last success.</summary>
    public int Attempts { get; set; }

    public string LastError { get; set; } = "";
    public DateTime LastAttemptAtUtc { get; set; }
    public string ScorerVersion { get; set; } = "";
    public Guid? JobId { get; set; }
}
