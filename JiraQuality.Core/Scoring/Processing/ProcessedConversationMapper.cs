using System.Text.Json;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Scoring.Scorers;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>Copies a conversation's metrics and assessment onto its stored row (new or existing).</summary>
public static class ProcessedConversationMapper
{
    public static void Apply(ProcessedConversation row, Conversation conversation, ConversationMetrics metrics, QualityAssessment assessment, Guid? jobId, DateTime processedAtUtc)
    {
        row.IssueKey = conversation.IssueKey;
        row.Status = conversation.Status;
        row.Resolution = conversation.Resolution;
        row.Hub = Field(conversation, CustomFieldKeys.Hub);
        row.Reporter = string.IsNullOrWhiteSpace(conversation.Reporter) ? null : conversation.Reporter;
        row.CreatedUtc = conversation.CreatedUtc;
        (row.JsmCsatRating, row.JsmSlaBreached) = ServiceDeskFields.Read(conversation.CustomFields);

        row.ConversationStartUtc = metrics.ConversationStartUtc;
        row.ConversationEndUtc = metrics.ConversationEndUtc;
        row.DurationMinutes = metrics.DurationMinutes;
        row.FirstAgentResponseMinutes = metrics.FirstAgentResponseMinutes;
        row.AvgAgentResponseMinutes = metrics.AvgAgentResponseMinutes;
        row.AvgCustomerResponseMinutes = metrics.AvgCustomerResponseMinutes;
        row.MessagesTotal = metrics.MessagesTotal;
        row.MessagesAgent = metrics.MessagesAgent;
        row.MessagesCustomer = metrics.MessagesCustomer;
        row.MessagesInternal = metrics.MessagesInternal;
        row.Turns = metrics.Turns;
        row.AgentAuthors = string.Join(';', metrics.AgentAuthors);
        row.CustomerAuthors = string.Join(';', metrics.CustomerAuthors);
        row.FirstResponder = metrics.FirstResponder;
        row.FirstResponderTier = metrics.FirstResponderTier;
        row.PrimaryAgent = metrics.PrimaryAgent;
        row.PrimaryAgentTier = metrics.PrimaryAgentTier;
        row.InitialResponseSla5m = metrics.InitialResponseSla5m;
        row.InitialResponseSla15m = metrics.InitialResponseSla15m;
        row.AgentProfanityCount = metrics.AgentProfanityCount;
        row.AgentProfanityDetected = metrics.AgentProfanityDetected;
        row.CustomerAbuseCount = metrics.CustomerAbuseCount;
        row.CustomerAbuseDetected = metrics.CustomerAbuseDetected;
        row.EscalatedTier1ToTier2 = metrics.EscalatedTier1ToTier2;
        row.HandedOverFromTier1 = metrics.HandedOverFromTier1;

        row.ScorerKind = assessment.Kind;
        row.ScorerVersion = assessment.ScorerVersion;
        row.Model = assessment.Model;
        row.PromptVersion = assessment.PromptVersion;
        row.Summary = assessment.Summary;
        row.ConversationRating = assessment.ConversationRating;
        row.AgentScore = assessment.AgentScore;
        row.CustomerScore = assessment.CustomerScore;
        row.ConversationScore = assessment.ConversationScore;
        row.Resolved = assessment.Resolved;
        row.ResolutionMessageIndex = assessment.ResolutionMessageIndex;
        row.ResolutionTimestampUtc = assessment.ResolutionTimestampUtc;
        row.DurationToResolutionMinutes = DurationToResolution(metrics, assessment.ResolutionTimestampUtc);
        row.ProblemExtract = assessment.ProblemExtract;
        row.ResolutionExtract = assessment.ResolutionExtract;
        row.StepsJson = assessment.Steps is null ? null : JsonSerializer.Serialize(assessment.Steps, AssessmentDetails.JsonOptions);
        row.ContactReason = assessment.ContactReason;
        row.ContactReasonRaw = assessment.ContactReasonRaw;
        row.ContactReasonOriginal = Field(conversation, CustomFieldKeys.ContactReason);
        row.ContactReasonChanged = assessment.ContactReasonChanged;
        row.ReasonOverrideWhy = assessment.ReasonOverrideWhy;
        row.ResolutionWhy = assessment.ResolutionWhy;
        row.SentimentPrimary = assessment.SentimentPrimary;
        row.SentimentScoresJson = assessment.SentimentScores is null ? null : JsonSerializer.Serialize(assessment.SentimentScores, AssessmentDetails.JsonOptions);
        row.ImprovementTip = assessment.ImprovementTip;
        row.NeedsImprovement = assessment.NeedsImprovement;
        row.HeuristicRating = assessment.HeuristicCheck?.ConversationRating;
        row.HeuristicAgentScore = assessment.HeuristicCheck?.AgentScore;
        row.ScoreReasonsJson = new AssessmentDetails
        {
            Reasons = assessment.ScoreReasons,
            LlmLanguage = assessment.LlmLanguage,
            Highlights = assessment.Highlights,
            Categories = assessment.CategoryVerdicts is { Count: > 0 } verdicts ? verdicts : null,
            ReasoningTokens = assessment.Usage is { ReasoningTokens: > 0 } usage ? usage.ReasoningTokens : null,
            MetricsVersion = ConversationMetrics.Version,
        }.ToJson();
        row.InputTokens = assessment.Usage?.InputTokens;
        row.CachedInputTokens = assessment.Usage?.CachedInputTokens;
        row.OutputTokens = assessment.Usage?.OutputTokens;
        row.CostUsd = assessment.ConversationCostUsd ?? assessment.CostUsd;
        row.JobId = jobId;
        row.ProcessedAtUtc = processedAtUtc;
    }

    /// <summary>Minutes from the start to the resolving message, only when that message lies inside the conversation.</summary>
    public static double? DurationToResolution(ConversationMetrics metrics, DateTime? resolvedAt)
    {
        if (resolvedAt is not { } at || metrics.ConversationStartUtc is not { } start || metrics.ConversationEndUtc is not { } end)
        {
            return null;
        }

        return at < start || at > end ? null : (at - start).TotalMinutes;
    }

    private static string? Field(Conversation conversation, string key) =>
        conversation.CustomFields.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
