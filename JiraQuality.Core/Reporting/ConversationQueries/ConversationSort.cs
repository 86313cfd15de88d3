namespace JiraQuality.Core.Reporting.ConversationQueries;

public enum ConversationSort
{
    Ended,
    IssueKey,
    Agent,
    ConversationScore,
    AgentScore,
    CustomerScore,
    FirstResponse,
    Resolution,
    Cost,
}
