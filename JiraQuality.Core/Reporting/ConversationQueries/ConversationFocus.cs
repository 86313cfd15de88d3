namespace JiraQuality.Core.Reporting.ConversationQueries;

/// <summary>The subset of a window's conversations that stands behind one KPI (its drill-down list).</summary>
public enum ConversationFocus
{
    All,
    Scored,
    AgentScored,
    CustomerScored,
    Resolved,
    Unresolved,
    FirstResponse,
    Sla5mMissed,
    Sla15mMissed,
    ResolutionTime,
    Escalated,
    HandedOver,
    AbusiveCustomer,
    ProfaneAgent,
    Costed,
    Misclassified,
}
