using JiraQuality.Core.Reporting.Rollup;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>A scored conversation ready to store, with the hash of the prepared text it was scored from.</summary>
internal sealed record ScoredRow(ProcessedConversation Row, string ContentHash);

/// <summary>
/// Stores scored conversations set-based, one transaction per batch: the processed rows are upserted (one prepared
/// <c>INSERT … ON CONFLICT</c> run per row in-process on SQLite; binary COPY on PostgreSQL, through a temporary table for
/// rows that already exist), each with the content hash it was scored from (which is what marks it done: the prepared
/// row is not written), their failure records are cleared in one, the batch's new rows are added to the rollup's hours in one, and only the hours of
/// rows replaced by a re-score are recomputed from the rows. A batch costs a fixed number of statements (round trips on
/// PostgreSQL) whatever its size and whatever the size of the tables.
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

        await db.Database.OpenConnectionAsync(cancellationToken);

        // Commits do not wait for the disk. A power cut (not a process crash) can lose the last batches committed; their
        // processed flags are lost with them, so those conversations are still pending and the next run scores them
        // again. The database stays consistent either way (WAL on SQLite).
        var sqlite = db.Database.IsSqlite();
        if (sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous = NORMAL;", cancellationToken);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("SET LOCAL synchronous_commit = off;", cancellationToken);
        }

        // Rows already stored are replaced: the hours they counted in before and count in now are recomputed from the
        // rows. New rows are only added to their hours' totals, which reads nothing but the batch.
        var existing = await db.ProcessedConversations
            .Where(p => EF.Parameter(keys).Contains(p.IssueKey))
            .Select(p => new { p.IssueKey, p.ReferenceUtc })
            .ToListAsync(cancellationToken);
        var stored = existing.Select(e => e.IssueKey).ToHashSet(StringComparer.Ordinal);
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
            if (stored.Contains(row.Row.IssueKey) && (row.Row.ConversationEndUtc ?? row.Row.ConversationStartUtc) is { } reference)
            {
                hours.Add(MetricsRollupMaintenance.HourOf(reference));
            }
        }

        // The row carries the hash of the text it was scored from: that is what marks the conversation done, and a thread
        // re-imported while it was being scored stays pending (its hash differs). The prepared row is never written here.
        foreach (var row in rows)
        {
            row.Row.ScoredContentHash = row.ContentHash;
        }

        if (!sqlite)
        {
            await CopyPostgresAsync(db, table, rows.Where(r => !stored.Contains(r.Row.IssueKey)).ToList(), stored.Count == 0 ? [] : rows.Where(r => stored.Contains(r.Row.IssueKey)).ToList(), cancellationToken);
        }
        else
        {
            table.InsertSqlite(db, rows.Select(r => (object)r.Row).ToList(), $"ON CONFLICT (issue_key) DO UPDATE SET {table.UpdateAll()}");
        }

        if (clearFailures)
        {
            await db.ScoringFailures.Where(f => EF.Parameter(keys).Contains(f.IssueKey)).ExecuteDeleteAsync(cancellationToken);
        }

        // A re-score keeps the corrections people accepted (before the rollup reads the rows).
        await Review.ScoreCorrections.ReapplyAsync(db, keys, cancellationToken);
        await MetricsRollupMaintenance.AddRowsAsync(db, stored.Count == 0 ? keys : keys.Where(k => !stored.Contains(k)).ToList(), cancellationToken);
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
