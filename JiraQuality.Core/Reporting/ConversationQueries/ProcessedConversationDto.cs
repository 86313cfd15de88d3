namespace JiraQuality.Core.Reporting.ConversationQueries;

/// <summary>
/// The stored metrics and assessment of one ticket as the drill-down and the conversations API show them. Its fields
/// and their order are the API's <c>processed</c> object: scripts that read it see the same JSON whatever the storage
/// looks like.
/// </summary>
public sealed record ProcessedConversationDto
{
    public string IssueKey { get; init; } = "";
    public string Status { get; init; } = "";
    public string Resolution { get; init; } = "";
    public string? Hub { get; init; }
    public string? Reporter { get; init; }
    public DateTime? CreatedUtc { get; init; }
    public DateTime? ConversationStartUtc { get; init; }
    public DateTime? ConversationEndUtc { get; init; }
    public DateTime? ReferenceUtc { get; init; }
    public double? DurationMinutes { get; init; }
    public double? DurationToResolutionMinutes { get; init; }
    public double? FirstAgentResponseMinutes { get; init; }
    public double? AvgAgentResponseMinutes { get; init; }
    public double? AvgCustomerResponseMinutes { get; init; }
    public int MessagesTotal { get; init; }
    public int MessagesAgent { get; init; }
    public int MessagesCustomer { get; init; }
    public int MessagesInternal { get; init; }
    public int Turns { get; init; }
    public string AgentAuthors { get; init; } = "";
    public string CustomerAuthors { get; init; } = "";
    public string? FirstResponder { get; init; }
    public string? FirstResponderTier { get; init; }
    public string? PrimaryAgent { get; init; }
    public string? PrimaryAgentTier { get; init; }
    public bool? InitialResponseSla5m { get; init; }
    public bool? InitialResponseSla15m { get; init; }
    public int AgentProfanityCount { get; init; }
    public bool AgentProfanityDetected { get; init; }
    public int CustomerAbuseCount { get; init; }
    public bool CustomerAbuseDetected { get; init; }
    public bool EscalatedTier1ToTier2 { get; init; }
    public bool HandedOverFromTier1 { get; init; }
    public string ScorerKind { get; init; } = "";
    public string ScorerVersion { get; init; } = "";
    public string? Model { get; init; }
    public string? PromptVersion { get; init; }
    public string? Summary { get; init; }
    public double? ConversationRating { get; init; }
    public double? AgentScore { get; init; }
    public double? CustomerScore { get; init; }
    public double? ConversationScore { get; init; }
    public double? HeuristicRating { get; init; }
    public double? HeuristicAgentScore { get; init; }
    public bool? Resolved { get; init; }
    public int? JsmCsatRating { get; init; }
    public bool? JsmSlaBreached { get; init; }
    public int? ResolutionMessageIndex { get; init; }
    public DateTime? ResolutionTimestampUtc { get; init; }
    public string? ProblemExtract { get; init; }
    public string? ResolutionExtract { get; init; }
    public string? StepsJson { get; init; }
    public string? ContactReason { get; init; }
    public string? ContactReasonRaw { get; init; }
    public string? ContactReasonOriginal { get; init; }
    public bool? ContactReasonChanged { get; init; }
    public string? ReasonOverrideWhy { get; init; }
    public string? ResolutionWhy { get; init; }
    public string? SentimentPrimary { get; init; }
    public string? SentimentScoresJson { get; init; }
    public string? ImprovementTip { get; init; }
    public bool? NeedsImprovement { get; init; }
    public string? ScoreReasonsJson { get; init; }
    public int? InputTokens { get; init; }
    public int? CachedInputTokens { get; init; }
    public int? OutputTokens { get; init; }
    public double? CostUsd { get; init; }
    public Guid? JobId { get; init; }
    public DateTime ProcessedAtUtc { get; init; }
}

internal static class ProcessedConversationDtoMapping
{
    public static ProcessedConversationDto ToDto(this Scoring.Processing.ProcessedConversation row) => new()
    {
        IssueKey = row.IssueKey,
        Status = row.Status,
        Resolution = row.Resolution,
        Hub = row.Hub,
        Reporter = row.Reporter,
        CreatedUtc = row.CreatedUtc,
        ConversationStartUtc = row.ConversationStartUtc,
        ConversationEndUtc = row.ConversationEndUtc,
        ReferenceUtc = row.ReferenceUtc,
        DurationMinutes = row.DurationMinutes,
        DurationToResolutionMinutes = row.DurationToResolutionMinutes,
        FirstAgentResponseMinutes = row.FirstAgentResponseMinutes,
        AvgAgentResponseMinutes = row.AvgAgentResponseMinutes,
        AvgCustomerResponseMinutes = row.AvgCustomerResponseMinutes,
        MessagesTotal = row.MessagesTotal,
        MessagesAgent = row.MessagesAgent,
        MessagesCustomer = row.MessagesCustomer,
        MessagesInternal = row.MessagesInternal,
        Turns = row.Turns,
        AgentAuthors = row.AgentAuthors,
        CustomerAuthors = row.CustomerAuthors,
        FirstResponder = row.FirstResponder,
        FirstResponderTier = row.FirstResponderTier,
        PrimaryAgent = row.PrimaryAgent,
        PrimaryAgentTier = row.PrimaryAgentTier,
        InitialResponseSla5m = row.InitialResponseSla5m,
        InitialResponseSla15m = row.InitialResponseSla15m,
        AgentProfanityCount = row.AgentProfanityCount,
        AgentProfanityDetected = row.AgentProfanityDetected,
        CustomerAbuseCount = row.CustomerAbuseCount,
        CustomerAbuseDetected = row.CustomerAbuseDetected,
        EscalatedTier1ToTier2 = row.EscalatedTier1ToTier2,
        HandedOverFromTier1 = row.HandedOverFromTier1,
        ScorerKind = row.ScorerKind,
        ScorerVersion = row.ScorerVersion,
        Model = row.Model,
        PromptVersion = row.PromptVersion,
        Summary = row.Summary,
        ConversationRating = row.ConversationRating,
        AgentScore = row.AgentScore,
        CustomerScore = row.CustomerScore,
        ConversationScore = row.ConversationScore,
        HeuristicRating = row.HeuristicRating,
        HeuristicAgentScore = row.HeuristicAgentScore,
        Resolved = row.Resolved,
        JsmCsatRating = row.JsmCsatRating,
        JsmSlaBreached = row.JsmSlaBreached,
        ResolutionMessageIndex = row.ResolutionMessageIndex,
        ResolutionTimestampUtc = row.ResolutionTimestampUtc,
        ProblemExtract = row.ProblemExtract,
        ResolutionExtract = row.ResolutionExtract,
        StepsJson = row.StepsJson,
        ContactReason = row.ContactReason,
        ContactReasonRaw = row.ContactReasonRaw,
        ContactReasonOriginal = row.ContactReasonOriginal,
        ContactReasonChanged = row.ContactReasonChanged,
        ReasonOverrideWhy = row.ReasonOverrideWhy,
        ResolutionWhy = row.ResolutionWhy,
        SentimentPrimary = row.SentimentPrimary,
        SentimentScoresJson = row.SentimentScoresJson,
        ImprovementTip = row.ImprovementTip,
        NeedsImprovement = row.NeedsImprovement,
        ScoreReasonsJson = row.ScoreReasonsJson,
        InputTokens = row.InputTokens,
        CachedInputTokens = row.CachedInputTokens,
        OutputTokens = row.OutputTokens,
        CostUsd = row.CostUsd,
        JobId = row.JobId,
        ProcessedAtUtc = row.ProcessedAtUtc,
    };
}
