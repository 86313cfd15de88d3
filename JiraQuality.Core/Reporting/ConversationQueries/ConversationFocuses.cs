namespace JiraQuality.Core.Reporting.ConversationQueries;

public static class ConversationFocuses
{
    public const string QueryKey = "focus";

    public static string Code(this ConversationFocus focus) => focus switch
    {
        ConversationFocus.All => "all",
        ConversationFocus.Scored => "scored",
        ConversationFocus.AgentScored => "agent-scored",
        ConversationFocus.CustomerScored => "customer-scored",
        ConversationFocus.Resolved => "resolved",
        ConversationFocus.Unresolved => "unresolved",
        ConversationFocus.FirstResponse => "first-response",
        ConversationFocus.Sla5mMissed => "sla-5m-missed",
        ConversationFocus.Sla15mMissed => "sla-15m-missed",
        ConversationFocus.ResolutionTime => "resolution-time",
        ConversationFocus.Escalated => "escalated",
        ConversationFocus.HandedOver => "handed-over",
        ConversationFocus.AbusiveCustomer => "abusive-customer",
        ConversationFocus.ProfaneAgent => "profane-agent",
        ConversationFocus.Costed => "costed",
        _ => "misclassified",
    };

    public static string Label(this ConversationFocus focus) => focus switch
    {
        ConversationFocus.All => "All conversations",
        ConversationFocus.Scored => "Scored conversations",
        ConversationFocus.AgentScored => "With an agent score",
        ConversationFocus.CustomerScored => "With a customer score",
        ConversationFocus.Resolved => "Resolved",
        ConversationFocus.Unresolved => "Unresolved",
        ConversationFocus.FirstResponse => "With a first response",
        ConversationFocus.Sla5mMissed => "First response over 5 min",
        ConversationFocus.Sla15mMissed => "First response over 15 min",
        ConversationFocus.ResolutionTime => "With a time to resolution",
        ConversationFocus.Escalated => "Escalated T1→T2",
        ConversationFocus.HandedOver => "Handed over T1→any",
        ConversationFocus.AbusiveCustomer => "Abusive customer",
        ConversationFocus.ProfaneAgent => "Profane agent",
        ConversationFocus.Costed => "Scored by the LLM (with cost)",
        _ => "Contact reason corrected",
    };

    public static ConversationFocus Parse(string? code) =>
        Enum.GetValues<ConversationFocus>().FirstOrDefault(f => string.Equals(f.Code(), code?.Trim(), StringComparison.OrdinalIgnoreCase));
}
