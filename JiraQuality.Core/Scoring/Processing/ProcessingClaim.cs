namespace JiraQuality.Core.Scoring.Processing;

/// <summary>
/// A conversation a processing run has taken on a shared database (table <c>processing_claims</c>): other runs, on this
/// instance or another, leave it alone until the claim is released or its lease runs out (the instance died).
/// </summary>
public sealed class ProcessingClaim
{
    public string IssueKey { get; set; } = "";

    /// <summary>The run holding the claim (a fresh id per run, not per instance).</summary>
    public string ClaimedBy { get; set; } = "";

    /// <summary>The end of the lease, on the database's clock; the holder renews it while it scores.</summary>
    public DateTime ClaimedUntilUtc { get; set; }
}
