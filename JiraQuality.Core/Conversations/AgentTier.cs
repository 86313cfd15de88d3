namespace JiraQuality.Core.Conversations;

/// <summary>Support tier of an agent, as listed in the agent directory.</summary>
public enum AgentTier
{
    None = 0,
    Tier1 = 1,
    Tier2 = 2,
    NonAgent = 3,
}
