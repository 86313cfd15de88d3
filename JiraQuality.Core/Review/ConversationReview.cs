namespace JiraQuality.Core.Review;

/// <summary>
/// A person's review of one conversation against one scorecard version. The AI's scorer, model and prompt version at
/// review time are kept beside it, so agreement can be split by scorer version after the conversation is re-scored.
/// </summary>
public sealed class ConversationReview
{
    public Guid Id { get; set; }
    public string IssueKey { get; set; } = "";
    public string ReviewerId { get; set; } = "";
    public string ReviewerEmail { get; set; } = "";

    /// <summary>Empty for an ordinary review; the session's id for a calibration review (scored blind).</summary>
    public string Context { get; set; } = "";

    public int ScorecardVersion { get; set; }

    /// <summary>web or import.</summary>
    public string Source { get; set; } = ReviewSources.Web;

    /// <summary>0–100: the weighted share of the best score over the scored categories; 0 when a critical category failed.</summary>
    public double? Total { get; set; }

    public string AiScorerKind { get; set; } = "";
    public string? AiScorerVersion { get; set; }
    public string? AiModel { get; set; }
    public string? AiPromptVersion { get; set; }

    /// <summary>The conversation's primary agent and hub (the team) when reviewed, for the internal quality score.</summary>
    public string? Agent { get; set; }

    public string? Hub { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    public List<ReviewScore> Scores { get; set; } = [];

    /// <summary>The reviewer's comments, each about one message or the whole conversation.</summary>
    public List<ReviewComment> Comments { get; set; } = [];
}
