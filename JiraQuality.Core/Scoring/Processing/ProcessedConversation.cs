using JiraQuality.Core.Ingestion.Prepared;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>
/// Deterministic metrics and the quality assessment of one ticket. The fields the dashboard filters and
/// groups on are real, indexed columns.
/// </summary>
public sealed class ProcessedConversation : Identity.IHubScoped
{
    public string IssueKey { get; set; } = "";
    public string Status { get; set; } = "";
    public string Resolution { get; set; } = "";
    public string? Hub { get; set; }
    public string? Reporter { get; set; }
    public DateTime? CreatedUtc { get; set; }

    // Deterministic metrics
    public DateTime? ConversationStartUtc { get; set; }
    public DateTime? ConversationEndUtc { get; set; }

    /// <summary>
    /// When the conversation counts for the dashboard windows: its end, else its start. Computed and stored by the
    /// database so every window is one indexed range; never written by the application.
    /// </summary>
    public DateTime? ReferenceUtc { get; private set; }
    public double? DurationMinutes { get; set; }
    public double? DurationToResolutionMinutes { get; set; }
    public double? FirstAgentResponseMinutes { get; set; }
    public double? AvgAgentResponseMinutes { get; set; }
    public double? AvgCustomerResponseMinutes { get; set; }
    public int MessagesTotal { get; set; }
    public int MessagesAgent { get; set; }
    public int MessagesCustomer { get; set; }
    public int MessagesInternal { get; set; }
    public int Turns { get; set; }

    /// <summary>Agent authors in order of appearance, joined with ';'.</summary>
    public string AgentAuthors { get; set; } = "";

    public string CustomerAuthors { get; set; } = "";
    public string? FirstResponder { get; set; }
    public string? FirstResponderTier { get; set; }

    /// <summary>The agent who wrote most public replies; the one agents are ranked by.</summary>
    public string? PrimaryAgent { get; set; }

    public string? PrimaryAgentTier { get; set; }
    public bool? InitialResponseSla5m { get; set; }
    public bool? InitialResponseSla15m { get; set; }
    public int AgentProfanityCount { get; set; }
    public bool AgentProfanityDetected { get; set; }
    public int CustomerAbuseCount { get; set; }
    public bool CustomerAbuseDetected { get; set; }
    public bool EscalatedTier1ToTier2 { get; set; }
    public bool HandedOverFromTier1 { get; set; }

    // Assessment
    /// <summary>heuristic, llm or imported.</summary>
    public string ScorerKind { get; set; } = "";

    public string ScorerVersion { get; set; } = "";
    public string? Model { get; set; }
    public string? PromptVersion { get; set; }
    public string? Summary { get; set; }
    public double? ConversationRating { get; set; }
    public double? AgentScore { get; set; }
    public double? CustomerScore { get; set; }

    /// <summary>Mean of agent and customer score when both exist, else the rating.</summary>
    public double? ConversationScore { get; set; }

    /// <summary>
    /// For an LLM-scored conversation, the heuristic's rating and agent score computed beside it when it was scored
    /// (null otherwise): the review queue samples conversations where the two scorers disagree.
    /// </summary>
    public double? HeuristicRating { get; set; }

    public double? HeuristicAgentScore { get; set; }

    public bool? Resolved { get; set; }

    /// <summary>
    /// The Jira Service Management CSAT stars (1–5) of the ticket as synced (<c>jsm_csat_rating</c>), null when unrated.
    /// Stored beside the scores so a view can filter by it.
    /// </summary>
    public int? JsmCsatRating { get; set; }

    /// <summary>Whether any JSM SLA cycle of the ticket breached (<c>jsm_sla_&lt;name&gt;_breached</c>); null when none is measured.</summary>
    public bool? JsmSlaBreached { get; set; }

    public int? ResolutionMessageIndex { get; set; }
    public DateTime? ResolutionTimestampUtc { get; set; }
    public string? ProblemExtract { get; set; }
    public string? ResolutionExtract { get; set; }
    public string? StepsJson { get; set; }

    /// <summary>Contact reason from the taxonomy as scored.</summary>
    public string? ContactReason { get; set; }

    /// <summary>The raw value the scorer returned, kept when it was outside the taxonomy.</summary>
    public string? ContactReasonRaw { get; set; }

    /// <summary>The agent's contact reason from the ticket.</summary>
    public string? ContactReasonOriginal { get; set; }

    public bool? ContactReasonChanged { get; set; }
    public string? ReasonOverrideWhy { get; set; }
    public string? ResolutionWhy { get; set; }
    public string? SentimentPrimary { get; set; }
    public string? SentimentScoresJson { get; set; }
    public string? ImprovementTip { get; set; }
    public bool? NeedsImprovement { get; set; }

    /// <summary>Reasons and cited message numbers for each score, as JSON.</summary>
    public string? ScoreReasonsJson { get; set; }

    public int? InputTokens { get; set; }
    public int? CachedInputTokens { get; set; }
    public int? OutputTokens { get; set; }
    public double? CostUsd { get; set; }
    public Guid? JobId { get; set; }
    public DateTime ProcessedAtUtc { get; set; }

    /// <summary>
    /// The prepared thread's <see cref="PreparedConversation.ContentHash"/> this row was scored from; null for rows not
    /// scored from a stored thread (a scored-CSV import). A conversation is up to date while it equals the prepared row's
    /// hash: a changed thread is pending again without anything being written.
    /// </summary>
    public string? ScoredContentHash { get; set; }
}
