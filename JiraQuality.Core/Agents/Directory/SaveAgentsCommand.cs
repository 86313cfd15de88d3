namespace JiraQuality.Core.Agents.Directory;

/// <summary>
/// Replaces the whole agent directory with <see cref="Agents"/>. Ids are trimmed and compared without case (the last
/// of a repeated id wins) and tiers are stored in their written-out form.
/// </summary>
public sealed record SaveAgentsCommand(IReadOnlyList<AgentDto> Agents);
