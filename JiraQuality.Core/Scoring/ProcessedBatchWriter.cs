using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Scoring;

/// <summary>A scored conversation ready to store, with the hash of the prepared text it was scored from.</summary>
internal sealed record ScoredRow(ProcessedConversation Row, string ContentHash);

/// <summary>
/// Stores scored conversations set-based, one transaction per batch: the processed rows are upserted (multi-row
/// <c>INSERT … ON CONFLICT</c> on SQLite; binary COPY on PostgreSQL, through a temporary table for rows that already
/// exist), the prepared rows whose text is unchanged are flagged processed in one statement, their failure records are
/// cleared in one, and the rollup hours the batch moves are recomputed once. A batch costs a fixed number of statements
/// whatever its size and whatever the size of the tables.
/// </summary>
internal sealed class ProcessedBatchWriter
{
    private const string Table = "jira_processed_conversations";
    private const string StagingTable = "processed_batch";

    private readonly IDbContextFactory<JiraQualityDbContext> _contextFactory;
    private BulkTable? _table;

    public ProcessedBatchWriter(IDbContextFactory<JiraQualityDbContext> contextFactory)
    {
        _contextFactory = contextFactory;
    }

    /// <summary>Stores the rows in one transaction; nothing of the batch is stored when it throws.</summary>
    public async Task WriteAsync(IReadOnlyList<ScoredRow> rows, bool clearFailures, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var db = await _contextFactory.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        var table = _table ??= BulkTable.For<ProcessedConversation>(db, "issue_key");
        var keys = rows.Select(r => r.Row.IssueKey).ToList();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // The hours a stored row counts in before this write: the rollup must lose it there.
        var existing = await db.ProcessedConversations
            .Where(p => EF.Parameter(keys).Contains(p.IssueKey))
            .Select(p => new { p.IssueKey, p.ReferenceUtc })
            .ToListAsync(cancellationToken);
        var hours = new HashSet<DateTime>();
        foreach (var old in existing)
        {
            if (old.ReferenceUtc is { } reference)
            {
                hours.Add(MetricsRollupMaintenance.HourOf(reference));
            }
        }

        foreach (var row in rows)
        {
            if ((row.Row.ConversationEndUtc ?? row.Row.ConversationStartUtc) is { } reference)
            {
                hours.Add(MetricsRollupMaintenance.HourOf(reference));
            }
        }

        if (db.Database.IsNpgsql())
        {
            var stored = existing.Select(e => e.IssueKey).ToHashSet(StringComparer.Ordinal);
            await CopyPostgresAsync(db, table, rows.Where(r => !stored.Contains(r.Row.IssueKey)).ToList(), stored.Count == 0 ? [] : rows.Where(r => stored.Contains(r.Row.IssueKey)).ToList(), cancellationToken);
        }
        else
        {
            table.InsertSqlite(db, rows.Select(r => (object)r.Row).ToList(), $"ON CONFLICT (issue_key) DO UPDATE SET {table.UpdateAll()}");
        }

        // A thread re-imported while it was being scored stays pending: the stored verdict is for the old text.
        var scoredTexts = rows.Select(r => r.Row.IssueKey + "\u001f" + r.ContentHash).ToList();
        await db.PreparedConversations
            .Where(p => EF.Parameter(keys).Contains(p.IssueKey) && EF.Parameter(scoredTexts).Contains(p.IssueKey + "\u001f" + p.ContentHash))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Processed, true), cancellationToken);

        if (clearFailures)
        {
            await db.ScoringFailures.Where(f => EF.Parameter(keys).Contains(f.IssueKey)).ExecuteDeleteAsync(cancellationToken);
        }

        if (hours.Count > 0)
        {
            await MetricsRollupMaintenance.RefreshAsync(db, hours, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task CopyPostgresAsync(JiraQualityDbContext db, BulkTable table, List<ScoredRow> added, List<ScoredRow> replaced, CancellationToken cancellationToken)
    {
        if (added.Count > 0)
        {
            await table.CopyAsync(db, Table, added.Select(r => (object)r.Row).ToList(), cancellationToken);
        }

        if (replaced.Count > 0)
        {
            // Names only, from the model: nothing of the rows is ever part of the SQL text.
            const string stage = $"CREATE TEMP TABLE IF NOT EXISTS {StagingTable} (LIKE {Table} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";
            await db.Database.ExecuteSqlRawAsync(stage, cancellationToken);
            await table.CopyAsync(db, StagingTable, replaced.Select(r => (object)r.Row).ToList(), cancellationToken);
            var merge = $"INSERT INTO {Table} ({table.ColumnList}) SELECT {table.ColumnList} FROM {StagingTable} ON CONFLICT (issue_key) DO UPDATE SET {table.UpdateAll()}";
            await db.Database.ExecuteSqlRawAsync(merge, cancellationToken);
        }
    }
}
