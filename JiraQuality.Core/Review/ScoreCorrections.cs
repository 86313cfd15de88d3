using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Review;

/// <summary>
/// Accepted corrections of the AI's scores, written into the processed conversation itself so every figure that reads
/// conversations (dashboard KPIs, trends, the hourly rollup, agent figures, lists, exports) uses the corrected score.
/// The AI's original score stays in the dispute (<see cref="ScoreDispute.DisputedScore"/>) and its history, and a
/// re-score of the conversation keeps the correction (the newest accepted one per category wins).
/// </summary>
public static class ScoreCorrections
{
    /// <summary>Sets <paramref name="category"/>'s score on the row and recomputes the conversation score from it.</summary>
    public static bool Apply(ProcessedConversation row, string category, double corrected)
    {
        switch (category)
        {
            case AiCategories.ConversationRating:
                row.ConversationRating = corrected;
                break;
            case AiCategories.AgentScore:
                row.AgentScore = corrected;
                break;
            case AiCategories.CustomerScore:
                row.CustomerScore = corrected;
                break;
            default:
                return false;
        }

        // The same rule as the scorers' (QualityAssessment.ConversationScore): the mean of agent and customer, else the rating.
        row.ConversationScore = row.AgentScore is { } agent && row.CustomerScore is { } customer ? (agent + customer) / 2 : row.ConversationRating;
        return true;
    }

    /// <summary>
    /// Puts the accepted corrections back on conversations just re-scored (in the caller's transaction, before the rollup
    /// is brought up to date). Costs one indexed look-up when none of the conversations has a correction.
    /// </summary>
    internal static async Task ReapplyAsync(JiraQualityDbContext db, IReadOnlyList<string> issueKeys, CancellationToken cancellationToken)
    {
        var corrections = await LatestAsync(db, issueKeys, cancellationToken);
        if (corrections.Count == 0)
        {
            return;
        }

        var keys = corrections.Select(c => c.IssueKey).Distinct().ToList();
        var rows = await db.ProcessedConversations.AsNoTracking().Where(p => keys.Contains(p.IssueKey)).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            foreach (var latest in corrections.Where(c => c.IssueKey == row.IssueKey))
            {
                Apply(row, latest.Category, latest.CorrectedScore);
            }

            await db.ProcessedConversations.Where(p => p.IssueKey == row.IssueKey).ExecuteUpdateAsync(
                s => s.SetProperty(p => p.ConversationRating, row.ConversationRating)
                    .SetProperty(p => p.AgentScore, row.AgentScore)
                    .SetProperty(p => p.CustomerScore, row.CustomerScore)
                    .SetProperty(p => p.ConversationScore, row.ConversationScore),
                cancellationToken);
        }
    }

    /// <summary>Puts the accepted corrections on rows about to be saved (tracked by <paramref name="db"/>), e.g. a re-imported scored file.</summary>
    internal static async Task ApplyAsync(JiraQualityDbContext db, IReadOnlyList<ProcessedConversation> rows, CancellationToken cancellationToken)
    {
        var corrections = await LatestAsync(db, rows.Select(r => r.IssueKey).ToList(), cancellationToken);
        foreach (var correction in corrections)
        {
            foreach (var row in rows.Where(r => r.IssueKey == correction.IssueKey))
            {
                Apply(row, correction.Category, correction.CorrectedScore);
            }
        }
    }

    private sealed record Correction(string IssueKey, string Category, double CorrectedScore);

    /// <summary>The newest accepted correction per conversation and AI category.</summary>
    private static async Task<List<Correction>> LatestAsync(JiraQualityDbContext db, IReadOnlyList<string> issueKeys, CancellationToken cancellationToken)
    {
        var wanted = issueKeys.ToList();
        var accepted = await db.Set<ScoreDispute>().AsNoTracking()
            .Where(d => d.State == DisputeStates.Accepted && d.ReviewId == null && d.CorrectedScore != null && wanted.Contains(d.IssueKey))
            .Select(d => new { d.IssueKey, d.Category, d.CorrectedScore, d.ResolvedAtUtc })
            .ToListAsync(cancellationToken);
        return accepted.GroupBy(d => (d.IssueKey, d.Category))
            .Select(g => g.OrderBy(d => d.ResolvedAtUtc).Last())
            .Select(d => new Correction(d.IssueKey, d.Category, d.CorrectedScore!.Value))
            .ToList();
    }

    /// <summary>
    /// The AI's own score of each corrected category on a conversation (the score the first accepted dispute replaced),
    /// so a review pairs with what the AI said, not with a person's correction.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, double?>> OriginalAiScoresAsync(JiraQualityDbContext db, string issueKey, CancellationToken cancellationToken)
    {
        var accepted = await db.Set<ScoreDispute>().AsNoTracking()
            .Where(d => d.IssueKey == issueKey && d.ReviewId == null && d.State == DisputeStates.Accepted)
            .Select(d => new { d.Category, d.DisputedScore, d.ResolvedAtUtc })
            .ToListAsync(cancellationToken);
        return accepted.GroupBy(d => d.Category, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(d => d.ResolvedAtUtc).First().DisputedScore, StringComparer.Ordinal);
    }
}
