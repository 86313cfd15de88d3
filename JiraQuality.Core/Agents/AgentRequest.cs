using JiraQuality.Core.Reporting.Dashboard;

namespace JiraQuality.Core.Agents;

/// <summary>What an agent page asks for: one agent, a window ending at an instant, and the asking user's hubs.</summary>
public sealed record AgentRequest
{
    public required string Agent { get; init; }
    public MetricsWindow Window { get; init; } = MetricsWindows.Default;
    public DateTime? AsOfUtc { get; init; }
    public string? TimeZoneId { get; init; }

    /// <summary>The hubs the asking user may see (<see cref="Identity.HubScope"/>); null means every hub.</summary>
    public string? AllowedHubs { get; init; }
}
