using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>
/// Decides per range whether to read through the timestamp index or by a table scan (SQLite only; PostgreSQL's
/// planner has statistics and decides itself). The share of data a range holds is estimated from the first and
/// last timestamps, which two index look-ups give.
/// </summary>
internal sealed record RangePlanner(bool IsSqlite, DateTime? First, DateTime? Last)
{
    private const double ScanShare = 0.2;

    /// <summary>Reads the first and last timestamps the plan estimates from.</summary>
    public static async Task<RangePlanner> ReadAsync(IDbContextFactory<JiraQualityDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var rows = db.ProcessedConversations.AsNoTracking();
        var first = await rows.MinAsync(x => x.ReferenceUtc, cancellationToken);
        var last = await rows.MaxAsync(x => x.ReferenceUtc, cancellationToken);
        return new RangePlanner(db.Database.IsSqlite(), PreparedConversationMapping.AsUtc(first), PreparedConversationMapping.AsUtc(last));
    }

    public IQueryable<ProcessedConversation> Rows(JiraQualityDbContext db, DateTime fromUtc, DateTime toUtc)
    {
        var rows = db.ProcessedConversations.AsNoTracking();
        return UseScan(fromUtc, toUtc) ? rows.InRangeByScan(fromUtc, toUtc) : rows.InRange(fromUtc, toUtc);
    }

    private bool UseScan(DateTime fromUtc, DateTime toUtc)
    {
        if (!IsSqlite || First is not { } first || Last is not { } last || last <= first)
        {
            return false;
        }

        var covered = (Min(toUtc, last) - Max(fromUtc, first)).TotalSeconds;
        return covered / (last - first).TotalSeconds >= ScanShare;
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
