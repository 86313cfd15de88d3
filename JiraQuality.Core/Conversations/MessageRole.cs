namespace JiraQuality.Core.Conversations;

/// <summary>Who wrote a message in a ticket's thread.</summary>
public enum MessageRole
{
    Unknown = 0,
    Agent = 1,
    Customer = 2,
}

/// <summary>Support tier of an agent, as listed in the agent directory.</summary>
public enum AgentTier
{
    None = 0,
    Tier1 = 1,
    Tier2 = 2,
    NonAgent = 3,
}
