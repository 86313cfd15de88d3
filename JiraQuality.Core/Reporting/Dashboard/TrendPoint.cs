namespace JiraQuality.Core.Reporting.Dashboard;

public sealed record TrendPoint(
    long Volume,
    double? ConversationScore,
    double? AgentScore,
    double? CustomerScore,
    double? ResolvedPercent,
    double? FirstResponseMinutes);
