namespace JiraQuality.Core.Reporting.ConversationQueries;

/// <summary>One row of the conversation list.</summary>
public sealed record ConversationListItem(
    string IssueKey,
    string Status,
    string? Hub,
    string? Agent,
    string? AgentTier,
    string? Customer,
    DateTime? EndedUtc,
    double? ConversationScore,
    double? AgentScore,
    double? CustomerScore,
    bool? Resolved,
    double? FirstResponseMinutes,
    double? ResolutionMinutes,
    bool EscalatedTier1ToTier2,
    bool HandedOverFromTier1,
    string? ContactReason,
    string? ContactReasonOriginal,
    bool? ContactReasonChanged,
    string? Sentiment,
    bool CustomerAbuse,
    bool AgentProfanity,
    double? CostUsd)
{
    /// <summary>With a text search: where the redacted thread matched, with the matched words marked.</summary>
    public Conversations.Search.SearchSnippet? Snippet { get; init; }
}
