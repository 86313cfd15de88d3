using JiraQuality.Core.Reporting.ConversationQueries;

namespace JiraQuality.Core.Reporting.Dashboard;

public static class KpiCatalog
{
    public static IReadOnlyList<KpiDefinition> All { get; } =
    [
        new(KpiId.ConversationScore, "conversation-score", "Conversation score", KpiFormat.Score, GoodDirection.Up, ConversationFocus.Scored,
            "Mean per conversation of the agent and customer scores (the rating when either is missing), 1–5."),
        new(KpiId.AgentScore, "agent-score", "Agent score", KpiFormat.Score, GoodDirection.Up, ConversationFocus.AgentScored, "Mean agent score, 1–5."),
        new(KpiId.CustomerScore, "customer-score", "Customer score", KpiFormat.Score, GoodDirection.Up, ConversationFocus.CustomerScored, "Mean customer score, 1–5."),
        new(KpiId.ResolvedPercent, "resolved", "Resolved", KpiFormat.Percent, GoodDirection.Up, ConversationFocus.Resolved,
            "Share of conversations judged resolved, of those with a verdict."),
        new(KpiId.UnresolvedPercent, "unresolved", "Unresolved", KpiFormat.Percent, GoodDirection.Down, ConversationFocus.Unresolved,
            "Share of conversations judged unresolved, of those with a verdict."),
        new(KpiId.FirstResponseMinutes, "first-response", "Mean first response", KpiFormat.Minutes, GoodDirection.Down, ConversationFocus.FirstResponse,
            "Mean minutes from the first customer message to the first public agent reply."),
        new(KpiId.Sla5mPercent, "sla-5m", "First response within 5 min", KpiFormat.Percent, GoodDirection.Up, ConversationFocus.Sla5mMissed,
            "Share of measured conversations answered within 5 minutes; the list shows the misses."),
        new(KpiId.Sla15mPercent, "sla-15m", "First response within 15 min", KpiFormat.Percent, GoodDirection.Up, ConversationFocus.Sla15mMissed,
            "Share of measured conversations answered within 15 minutes; the list shows the misses."),
        new(KpiId.ResolutionMinutes, "resolution-time", "Mean time to resolution", KpiFormat.Minutes, GoodDirection.Down, ConversationFocus.ResolutionTime,
            "Mean minutes from the start of the conversation to its resolution."),
        new(KpiId.EscalationTier1ToTier2Percent, "escalation", "Escalation T1→T2", KpiFormat.Percent, GoodDirection.Down, ConversationFocus.Escalated,
            "Share of conversations a Tier 1 agent escalated to Tier 2."),
        new(KpiId.HandoverTier1ToAnyPercent, "handover", "Hand-over T1→any", KpiFormat.Percent, GoodDirection.Down, ConversationFocus.HandedOver,
            "Share of conversations a Tier 1 agent handed to anyone else."),
        new(KpiId.AbusiveCustomerConversations, "abusive-customers", "Conversations with abusive customers", KpiFormat.Count, GoodDirection.Down, ConversationFocus.AbusiveCustomer,
            "Conversations in which the customer was abusive (conversations, not distinct customers)."),
        new(KpiId.ProfaneAgentConversations, "profane-agents", "Conversations with profane agents", KpiFormat.Count, GoodDirection.Down, ConversationFocus.ProfaneAgent,
            "Conversations in which an agent used profanity (conversations, not distinct agents)."),
        new(KpiId.Volume, "volume", "Volume", KpiFormat.Count, GoodDirection.Neutral, ConversationFocus.All, "Conversations in the window."),
        new(KpiId.LlmCostUsd, "llm-cost", "LLM cost", KpiFormat.Usd, GoodDirection.Down, ConversationFocus.Costed, "Money spent scoring the window's conversations."),
        new(KpiId.ProfaneAgents, "profane-agent-people", "Profane agents (distinct people)", KpiFormat.Count, GoodDirection.Down, ConversationFocus.ProfaneAgent,
            "Distinct agents who used profanity, counted once however many conversations (the conversation's primary agent)."),
        new(KpiId.AbusiveCustomers, "abusive-customer-people", "Abusive customers (distinct people)", KpiFormat.Count, GoodDirection.Down, ConversationFocus.AbusiveCustomer,
            "Distinct customers (reporters) who were abusive, counted once however many conversations."),
    ];

    /// <summary>
    /// The cards of the dashboard's KPI grid in their order: people are counted once on the abuse and profanity cards
    /// (the per-conversation counts stay in the API); the escalation card has its own toggle.
    /// </summary>
    public static IReadOnlyList<KpiDefinition> DashboardCards { get; } = All
        .Where(k => k.Id is not (KpiId.EscalationTier1ToTier2Percent or KpiId.HandoverTier1ToAnyPercent or KpiId.ProfaneAgents or KpiId.AbusiveCustomers))
        .Select(k => k.Id switch
        {
            KpiId.AbusiveCustomerConversations => Get(KpiId.AbusiveCustomers),
            KpiId.ProfaneAgentConversations => Get(KpiId.ProfaneAgents),
            _ => k,
        })
        .ToList();

    public static KpiDefinition Get(KpiId id) => All[(int)id];
}
