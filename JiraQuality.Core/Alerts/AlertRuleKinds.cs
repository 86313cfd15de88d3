namespace JiraQuality.Core.Alerts;

/// <summary>The rule kinds an alert rule may have.</summary>
public static class AlertRuleKinds
{
    public const string CustomerAbuse = "customer-abuse";
    public const string AgentProfanity = "agent-profanity";
    public const string LowScore = "low-score";
    public const string SlaBreach = "sla-breach";
    public const string UnresolvedEscalated = "unresolved-escalated";
    public const string KpiDrop = "kpi-drop";

    public static readonly IReadOnlyList<string> All = [CustomerAbuse, AgentProfanity, LowScore, SlaBreach, UnresolvedEscalated, KpiDrop];
}
