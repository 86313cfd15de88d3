namespace JiraQuality.Core.Alerts;

/// <summary>The KPIs a <c>kpi-drop</c> rule can watch.</summary>
public static class AlertKpis
{
    public const string ConversationScore = "conversation-score";
    public const string AgentScore = "agent-score";
    public const string ResolvedRate = "resolved-rate";
    public const string FirstResponseSlaRate = "first-response-sla-rate";

    public static readonly IReadOnlyList<string> All = [ConversationScore, AgentScore, ResolvedRate, FirstResponseSlaRate];
}
