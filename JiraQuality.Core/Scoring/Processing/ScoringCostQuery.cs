using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>What scoring cost, per day (of the call, UTC) and model, read from the cost ledger (<c>llm_calls</c>).</summary>
public sealed class ScoringCostQuery(IDbContextFactory<JiraQualityDbContext> contextFactory)
{
    public async Task<IReadOnlyList<DailyModelCost>> ByDayAndModelAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.LlmCalls
            .Where(c => c.AtUtc >= fromUtc && c.AtUtc < toUtc)
            .GroupBy(c => new { c.AtUtc.Date, c.Model })
            .Select(g => new
            {
                g.Key.Date,
                g.Key.Model,
                Conversations = g.Select(c => c.IssueKey).Distinct().Count(),
                Calls = g.Count(),
                Input = g.Sum(c => (long)c.InputTokens),
                Cached = g.Sum(c => (long)c.CachedInputTokens),
                Output = g.Sum(c => (long)c.OutputTokens),
                Cost = g.Sum(c => c.CostUsd) ?? 0,
            })
            .ToListAsync(cancellationToken);
        return [.. rows
            .Select(r => new DailyModelCost(DateOnly.FromDateTime(r.Date), r.Model, r.Conversations, r.Input, r.Cached, r.Output, r.Cost, r.Calls))
            .OrderBy(r => r.Day)
            .ThenBy(r => r.Model, StringComparer.Ordinal)];
    }
}
