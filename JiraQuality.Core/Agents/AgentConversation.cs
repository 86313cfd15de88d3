namespace JiraQuality.Core.Agents;

/// <summary>One conversation an agent took part in, as the agent page lists it.</summary>
public sealed record AgentConversation(
    string IssueKey,
    string Status,
    string? Hub,
    DateTime? EndedUtc,
    string? PrimaryAgent,
    string? FirstResponder,
    double? AgentScore,
    double? ConversationScore,
    bool? Resolved,
    bool EscalatedTier1ToTier2,
    bool HandedOverFromTier1,
    bool AgentProfanity,
    bool CustomerAbuse);
