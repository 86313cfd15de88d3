namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>One row of the agent × metric matrix; every figure is over the agent's conversations as primary agent.</summary>
public sealed record AgentPerformance(
    string Agent,
    string? Tier,
    long Conversations,
    double? AgentScore,
    double? FirstResponseMinutes,
    double? AgentResponseMinutes,
    double? ResolutionMinutes,
    double? ResolvedRate,
    long Escalated,
    long HandedOver,
    long Misclassified,
    double? MisclassificationRate,
    long ProfaneConversations,
    long ProfanityHits);
