using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Review;

namespace JiraQuality.Core.Agents;

/// <summary>Everything the agent page shows for one agent and window.</summary>
public sealed record AgentProfile
{
    public required string Agent { get; init; }
    public string? Tier { get; init; }
    public required DateTime AsOfUtc { get; init; }
    public required MetricsWindow Window { get; init; }

    /// <summary>The agent's KPIs (as primary agent) in every window with its previous period.</summary>
    public required IReadOnlyList<WindowKpis> Kpis { get; init; }

    /// <summary>The team's KPIs (every conversation the user may see) for comparison.</summary>
    public required IReadOnlyList<WindowKpis> TeamKpis { get; init; }

    public required TrendSeries Trend { get; init; }
    public required TrendSeries TeamTrend { get; init; }

    /// <summary>The newest conversations of the window in which the agent was the primary agent.</summary>
    public required IReadOnlyList<AgentConversation> Conversations { get; init; }

    public required int ConversationTotal { get; init; }
    public required IReadOnlyList<FlaggedMessage> FlaggedMessages { get; init; }

    /// <summary>Escalations and hand-overs of the window in which the agent answered or held the conversation.</summary>
    public required IReadOnlyList<AgentConversation> Escalations { get; init; }

    public required IReadOnlyList<TipTheme> Tips { get; init; }

    /// <summary>Reviewers' and the AI's quality scores in the window, or null when none exist or cannot be narrowed to the user's hubs.</summary>
    public QualityRow? Review { get; init; }

    /// <summary>True when review scores exist but were left out because they are not narrowed to hubs yet.</summary>
    public bool ReviewHiddenByHubScope { get; init; }

    public WindowKpis Selected => Kpis.First(k => k.Window == Window);

    public WindowKpis TeamSelected => TeamKpis.First(k => k.Window == Window);
}
