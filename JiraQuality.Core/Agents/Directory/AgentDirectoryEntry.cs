namespace JiraQuality.Core.Agents.Directory;

/// <summary>One entry of the agent directory: who is an agent and at which tier.</summary>
public sealed class AgentDirectoryEntry
{
    public string AccountId { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Tier { get; set; } = "";
}
