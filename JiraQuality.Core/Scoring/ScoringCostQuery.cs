using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Scoring;

/// <summary>LLM spend of one day and model, summed by the database.</summary>
public sealed record DailyModelCost(DateOnly Day, string Model, int Conversations, long InputTokens, long CachedInputTokens, long OutputTokens, double CostUsd);

/// <summary>What scoring cost, per day (of processing, UTC) and model.</summary>
public sealed class ScoringCostQuery(IDbContextFactory<JiraQualityDbContext> contextFactory)
{
    public async Task<IReadOnlyList<DailyModelCost>> ByDayAndModelAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ProcessedConversations
            .Where(p => p.ScorerKind == ScorerKinds.Llm && p.Model != null && p.ProcessedAtUtc >= fromUtc && p.ProcessedAtUtc < toUtc)
            .GroupBy(p => new { p.ProcessedAtUtc.Date, p.Model })
            .Select(g => new
            {
                g.Key.Date,
                g.Key.Model,
                Conversations = g.Count(),
                Input = g.Sum(p => (long?)p.InputTokens) ?? 0,
                Cached = g.Sum(p => (long?)p.CachedInputTokens) ?? 0,
                Output = g.Sum(p => (long?)p.OutputTokens) ?? 0,
                Cost = g.Sum(p => p.CostUsd) ?? 0,
            })
            .ToListAsync(cancellationToken);
        return [.. rows
            .Select(r => new DailyModelCost(DateOnly.FromDateTime(r.Date), r.Model!, r.Conversations, r.Input, r.Cached, r.Output, r.Cost))
            .OrderBy(r => r.Day)
            .ThenBy(r => r.Model, StringComparer.Ordinal)];
    }
}
