namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>
/// What a scorer says about one conversation. A null means the scorer does not know or cannot judge it;
/// nothing is filled with a default that looks like a verdict.
/// </summary>
public sealed record QualityAssessment
{
    public required string Kind { get; init; }
    public required string ScorerVersion { get; init; }
    public string? Model { get; init; }
    public string? PromptVersion { get; init; }
    public string? Summary { get; init; }
    public double? ConversationRating { get; init; }
    public double? AgentScore { get; init; }
    public double? CustomerScore { get; init; }
    public bool? Resolved { get; init; }
    public int? ResolutionMessageIndex { get; init; }
    public DateTime? ResolutionTimestampUtc { get; init; }
    public string? ProblemExtract { get; init; }
    public string? ResolutionExtract { get; init; }
    public IReadOnlyList<string>? Steps { get; init; }
    public string? ContactReason { get; init; }
    public string? ContactReasonRaw { get; init; }
    public bool? ContactReasonChanged { get; init; }
    public string? ReasonOverrideWhy { get; init; }
    public string? ResolutionWhy { get; init; }
    public string? SentimentPrimary { get; init; }
    public IReadOnlyDictionary<string, double>? SentimentScores { get; init; }
    public string? ImprovementTip { get; init; }
    public bool? NeedsImprovement { get; init; }

    /// <summary>Why each score was given, with the message numbers it rests on.</summary>
    public IReadOnlyDictionary<string, ScoreReason>? ScoreReasons { get; init; }

    /// <summary>The LLM's own profanity/abuse judgement, kept apart from the deterministic word counts.</summary>
    public LanguageJudgement? LlmLanguage { get; init; }

    /// <summary>Agent messages the heuristic scorer found helpful.</summary>
    public string? Highlights { get; init; }

    /// <summary>
    /// Verdicts on the scorecard's own categories, by category key. A category the scorer could not decide is absent
    /// (the heuristic decides only greeting, closing and thanking) or has a null score (the LLM's N/A).
    /// </summary>
    public IReadOnlyDictionary<string, CategoryVerdict>? CategoryVerdicts { get; init; }

    /// <summary>The heuristic's rating and agent score for an LLM-scored conversation (for the disagreement queue).</summary>
    public HeuristicCrossCheck? HeuristicCheck { get; init; }

    public TokenUsage? Usage { get; init; }

    /// <summary>What this scoring's calls cost (the run's budget counts this).</summary>
    public double? CostUsd { get; init; }

    /// <summary>
    /// Everything the cost ledger holds for the conversation once this scoring is done (earlier failed runs and
    /// earlier scores included): what its stored row shows and the cost KPI sums.
    /// </summary>
    public double? ConversationCostUsd { get; init; }

    /// <summary>Mean of agent and customer score when both exist, else the rating.</summary>
    public double? ConversationScore =>
        AgentScore is { } agent && CustomerScore is { } customer ? (agent + customer) / 2d : ConversationRating;
}
