using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Tests.Infrastructure;

/// <summary>
/// Whether stored threads are scored as they are now: a processed row scored from the prepared row's current content hash
/// (what processing selects on).
/// </summary>
internal static class ScoredState
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Prepared rows with no processed row scored from their current text.</summary>
    public static IQueryable<PreparedConversation> Unscored(JiraQualityDbContext db) =>
        db.PreparedConversations.Where(p => !db.ProcessedConversations.Any(x => x.IssueKey == p.IssueKey && x.ScoredContentHash == p.ContentHash));

    public static async Task<bool> IsScoredAsync(JiraQualityContextFactory factory, string key)
    {
        await using var db = factory.CreateDbContext();
        return await db.PreparedConversations.AnyAsync(p => p.IssueKey == key) && !await Unscored(db).AnyAsync(p => p.IssueKey == key, Ct);
    }

    public static async Task<int> CountUnscoredAsync(JiraQualityContextFactory factory)
    {
        await using var db = factory.CreateDbContext();
        return await Unscored(db).CountAsync(Ct);
    }

    /// <summary>Marks stored threads scored from their current text, adding a minimal processed row where there is none.</summary>
    public static async Task MarkScoredAsync(JiraQualityContextFactory factory, params string[] keys)
    {
        await using var db = factory.CreateDbContext();
        var prepared = await db.PreparedConversations.Where(p => keys.Length == 0 || keys.Contains(p.IssueKey)).ToListAsync(Ct);
        foreach (var row in prepared)
        {
            var processed = await db.ProcessedConversations.FindAsync([row.IssueKey], Ct);
            if (processed is null)
            {
                processed = new ProcessedConversation { IssueKey = row.IssueKey, ScorerKind = "heuristic", ScorerVersion = "heuristic/test" };
                db.ProcessedConversations.Add(processed);
            }

            processed.ScoredContentHash = row.ContentHash;
        }

        await db.SaveChangesAsync(Ct);
    }
}
