namespace JiraQuality.Core.Alerts;

/// <summary>The columns of a processed conversation that rules read.</summary>
public sealed record AlertCandidate(
    string IssueKey,
    string? Hub,
    string? PrimaryAgent,
    string? PrimaryAgentTier,
    string? ContactReason,
    int CustomerAbuseCount,
    int AgentProfanityCount,
    double? ConversationScore,
    double? AgentScore,
    double? FirstAgentResponseMinutes,
    bool? InitialResponseSla15m,
    bool EscalatedTier1ToTier2,
    bool? Resolved,
    DateTime ProcessedAtUtc)
{
    /// <summary>The Jira Service Management SLA the ticket breached, when that data was synced (e.g. time_to_first_response).</summary>
    public string? BreachedServiceDeskSla { get; init; }
}
