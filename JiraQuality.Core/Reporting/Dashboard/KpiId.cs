namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>Every headline figure of the dashboard and the API.</summary>
public enum KpiId
{
    ConversationScore,
    AgentScore,
    CustomerScore,
    ResolvedPercent,
    UnresolvedPercent,
    FirstResponseMinutes,
    Sla5mPercent,
    Sla15mPercent,
    ResolutionMinutes,
    EscalationTier1ToTier2Percent,
    HandoverTier1ToAnyPercent,
    AbusiveCustomerConversations,
    ProfaneAgentConversations,
    Volume,
    LlmCostUsd,
    ProfaneAgents,
    AbusiveCustomers,
}
