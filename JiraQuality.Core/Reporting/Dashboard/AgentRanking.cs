namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>The top agents and the agents flagged for profanity, from the agent matrix of a view.</summary>
internal static class AgentRanking
{
    /// <summary>
    /// Ranks by the agent score pulled towards the team mean (a Bayesian average with a prior worth
    /// <see cref="MetricsOptions.TopAgentsPriorWeight"/> conversations), among agents with enough scored conversations.
    /// </summary>
    public static IReadOnlyList<TopAgent> TopAgents(IReadOnlyList<AgentPerformance> agents, MetricsOptions options)
    {
        var scored = agents.Where(a => a.AgentScore is not null).ToList();
        var counts = scored.ToDictionary(a => a.Agent, a => a.Conversations);
        var n = scored.Sum(a => a.Conversations);
        if (n == 0)
        {
            return [];
        }

        var teamMean = scored.Sum(a => a.AgentScore!.Value * a.Conversations) / n;
        var prior = Math.Max(0, options.TopAgentsPriorWeight);
        return scored
            .Where(a => a.Conversations >= options.TopAgentsMinimumConversations)
            .Select(a => new TopAgent(a.Agent, a.Tier, counts[a.Agent], a.AgentScore!.Value,
                ((a.AgentScore!.Value * a.Conversations) + (teamMean * prior)) / (a.Conversations + prior)))
            .OrderByDescending(a => a.AdjustedScore)
            .ThenByDescending(a => a.ScoredConversations)
            .ThenBy(a => a.Agent, StringComparer.OrdinalIgnoreCase)
            .Take(options.TopAgentsLimit)
            .ToList();
    }

    public static IReadOnlyList<FlaggedAgent> FlaggedAgents(IReadOnlyList<AgentPerformance> agents, MetricsOptions options) => agents
        .Where(a => a.ProfaneConversations > 0 && (double)a.ProfaneConversations / a.Conversations >= options.FlaggedAgentShareThreshold)
        .Select(a => new FlaggedAgent(a.Agent, a.Tier, a.ProfaneConversations, a.Conversations, a.ProfanityHits, (double)a.ProfaneConversations / a.Conversations))
        .OrderByDescending(a => a.Share)
        .ThenByDescending(a => a.ProfanityHits)
        .ThenBy(a => a.Agent, StringComparer.OrdinalIgnoreCase)
        .ToList();
}
