namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>
/// One call to the LLM endpoint, whatever came of it: the cost ledger. Every answer is paid for, accepted or not, so
/// the cost figures (per day and model, per job, per conversation) are sums over these rows.
/// </summary>
public sealed class LlmCall
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }

    /// <summary>The job that made the call; null for the <c>process</c> verb and other runs outside the job runner.</summary>
    public Guid? JobId { get; set; }

    public string IssueKey { get; set; } = "";
    public string Model { get; set; } = "";
    public int InputTokens { get; set; }
    public int CachedInputTokens { get; set; }
    public int OutputTokens { get; set; }

    /// <summary>USD at the configured prices; null when the model has no price (never a guess).</summary>
    public double? CostUsd { get; set; }

    /// <summary>One of <see cref="LlmCallOutcomes"/>.</summary>
    public string Outcome { get; set; } = "";

    /// <summary>Why the call did not give a usable answer, cut to 500 characters.</summary>
    public string? Error { get; set; }
}
