using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Rollup;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>Every agent's figures as primary agent in one view (the agent matrix).</summary>
internal static class AgentsPanelQuery
{
    public static async Task<IReadOnlyList<AgentPerformance>> ReadAsync(JiraQualityDbContext db, RangePlanner plan, bool rollup, DateTime from, DateTime asOf, MetricsFilter filter, CancellationToken cancellationToken)
    {
        var split = new HourSplit(from, asOf);
        var rows = await (rollup ? split.EdgeRows(db.ProcessedConversations.AsNoTracking()) : plan.Rows(db, from, asOf))
            .Filtered(filter)
            .Where(x => x.PrimaryAgent != null && x.PrimaryAgent != "")
            .GroupBy(x => x.PrimaryAgent!)
            .Select(g => new AgentSums
            {
                Agent = g.Key,
                Tier = g.Max(x => x.PrimaryAgentTier),
                Count = g.LongCount(),
                AgentScoreSum = g.Sum(x => x.AgentScore ?? 0),
                AgentScoreN = g.LongCount(x => x.AgentScore != null),
                FirstSum = g.Sum(x => x.FirstAgentResponseMinutes ?? 0),
                FirstN = g.LongCount(x => x.FirstAgentResponseMinutes != null),
                ResponseSum = g.Sum(x => x.AvgAgentResponseMinutes ?? 0),
                ResponseN = g.LongCount(x => x.AvgAgentResponseMinutes != null),
                ResolutionSum = g.Sum(x => x.DurationToResolutionMinutes ?? 0),
                ResolutionN = g.LongCount(x => x.DurationToResolutionMinutes != null),
                ResolvedYes = g.LongCount(x => x.Resolved == true),
                ResolvedKnown = g.LongCount(x => x.Resolved != null),
                Escalated = g.LongCount(x => x.EscalatedTier1ToTier2),
                HandedOver = g.LongCount(x => x.HandedOverFromTier1),
                Misclassified = g.LongCount(x => x.ContactReasonChanged == true),
                ReasonVerdicts = g.LongCount(x => x.ContactReasonChanged != null),
                Profane = g.LongCount(x => x.AgentProfanityDetected),
                ProfanityHits = g.Sum(x => (long)x.AgentProfanityCount),
            })
            .ToListAsync(cancellationToken);

        if (rollup)
        {
            // The range has no inner cuts, so every hour strictly between its first and last is whole.
            var hours = await split.RollupRows(db, MetricsHourlyRollup.AgentDimension)
                .GroupBy(r => r.Value)
                .Select(g => new AgentSums
                {
                    Agent = g.Key,
                    Tier = g.Max(r => r.MaxTier),
                    Count = g.Sum(r => r.Count),
                    AgentScoreSum = g.Sum(r => r.AgentScoreSum),
                    AgentScoreN = g.Sum(r => r.AgentScoreN),
                    FirstSum = g.Sum(r => r.FirstResponseSum),
                    FirstN = g.Sum(r => r.FirstResponseN),
                    ResponseSum = g.Sum(r => r.AvgResponseSum),
                    ResponseN = g.Sum(r => r.AvgResponseN),
                    ResolutionSum = g.Sum(r => r.ResolutionSum),
                    ResolutionN = g.Sum(r => r.ResolutionN),
                    ResolvedYes = g.Sum(r => r.ResolvedYes),
                    ResolvedKnown = g.Sum(r => r.ResolvedYes + r.ResolvedNo),
                    Escalated = g.Sum(r => r.Escalated),
                    HandedOver = g.Sum(r => r.HandedOver),
                    Misclassified = g.Sum(r => r.Misclassified),
                    ReasonVerdicts = g.Sum(r => r.ReasonVerdicts),
                    Profane = g.Sum(r => r.ProfaneAgent),
                    ProfanityHits = g.Sum(r => r.ProfanityHits),
                })
                .ToListAsync(cancellationToken);
            rows = rows.Concat(hours)
                .GroupBy(r => r.Agent, StringComparer.Ordinal)
                .Select(g =>
                {
                    var sum = new AgentSums { Agent = g.Key };
                    foreach (var part in g)
                    {
                        sum.Add(part);
                    }

                    return sum;
                })
                .ToList();
        }

        return rows
            .Select(r => new AgentPerformance(
                r.Agent,
                r.Tier,
                r.Count,
                Accumulated.Mean(r.AgentScoreSum, r.AgentScoreN),
                Accumulated.Mean(r.FirstSum, r.FirstN),
                Accumulated.Mean(r.ResponseSum, r.ResponseN),
                Accumulated.Mean(r.ResolutionSum, r.ResolutionN),
                r.ResolvedKnown == 0 ? null : (double)r.ResolvedYes / r.ResolvedKnown,
                r.Escalated,
                r.HandedOver,
                r.Misclassified,
                r.ReasonVerdicts == 0 ? null : (double)r.Misclassified / r.ReasonVerdicts,
                r.Profane,
                r.ProfanityHits))
            .OrderBy(r => r.Agent, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }
}
