namespace JiraQuality.Core.Agents.Directory;

/// <summary>One agent of the directory as pages, the API and files see it; the stored row stays inside the service.</summary>
public sealed record AgentDto(string AccountId, string DisplayName, string Tier);
