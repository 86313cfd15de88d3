using System.Globalization;
using System.Text;
using JiraQuality.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

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

    /// <summary>SQLite takes at most 32,766 parameters per statement.</summary>
    private const int SqliteMaxParameters = 32_000;

    /// <summary>How Microsoft.Data.Sqlite (and so EF Core) writes a DateTime.</summary>
    private const string SqliteDateTimeFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    private readonly IDbContextFactory<JiraQualityDbContext> _contextFactory;
    private Column[]? _columns;

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
        var columns = _columns ??= Columns(db);
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
            await CopyPostgresAsync(db, columns, rows.Where(r => !stored.Contains(r.Row.IssueKey)).ToList(), stored.Count == 0 ? [] : rows.Where(r => stored.Contains(r.Row.IssueKey)).ToList(), cancellationToken);
        }
        else
        {
            await UpsertSqliteAsync(db, columns, rows, cancellationToken);
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

    /// <summary>
    /// Multi-row <c>INSERT … VALUES (…), (…) … ON CONFLICT</c>, as many rows per statement as SQLite takes parameters
    /// for (two or three statements for a batch of 1,000). The parameters are bound by position on the connection's
    /// handle: ADO.NET binds them by name, which SQLite looks up one at a time, so a statement with thousands of them
    /// would cost quadratic time. Values are bound in the form EF Core stores them in.
    /// </summary>
    private static Task UpsertSqliteAsync(JiraQualityDbContext db, Column[] columns, IReadOnlyList<ScoredRow> rows, CancellationToken cancellationToken)
    {
        var handle = ((SqliteConnection)db.Database.GetDbConnection()).Handle!;
        var rowsPerStatement = Math.Max(1, SqliteMaxParameters / columns.Length);
        var row = 0;
        while (row < rows.Count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = Math.Min(rowsPerStatement, rows.Count - row);
            var rowValues = "(" + string.Join(", ", Enumerable.Repeat("?", columns.Length)) + ")";
            var sql = new StringBuilder($"INSERT INTO {Table} (")
                .AppendJoin(", ", columns.Select(c => c.Name))
                .Append(") VALUES ")
                .AppendJoin(", ", Enumerable.Repeat(rowValues, count))
                .Append(" ON CONFLICT (issue_key) DO UPDATE SET ")
                .AppendJoin(", ", columns.Where(c => !c.IsKey).Select(c => $"{c.Name} = excluded.{c.Name}"))
                .ToString();
            Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var statement));
            using (statement)
            {
                var index = 1;
                for (var r = row; r < row + count; r++)
                {
                    foreach (var column in columns)
                    {
                        Check(handle, BindSqlite(statement, index++, column.Getter.GetClrValueUsingContainingEntity(rows[r].Row)));
                    }
                }

                var step = raw.sqlite3_step(statement);
                if (step != raw.SQLITE_DONE)
                {
                    Check(handle, step);
                }
            }

            row += count;
        }

        return Task.CompletedTask;
    }

    /// <summary>Binds the value as EF Core's SQLite provider stores it: text timestamps and GUIDs, 0/1 booleans, numbers.</summary>
    private static int BindSqlite(sqlite3_stmt statement, int index, object? value) => value switch
    {
        null => raw.sqlite3_bind_null(statement, index),
        string text => raw.sqlite3_bind_text(statement, index, text),
        bool flag => raw.sqlite3_bind_int(statement, index, flag ? 1 : 0),
        int number => raw.sqlite3_bind_int64(statement, index, number),
        long number => raw.sqlite3_bind_int64(statement, index, number),

        // SQLite itself stores NaN as NULL.
        double number => double.IsNaN(number) ? raw.sqlite3_bind_null(statement, index) : raw.sqlite3_bind_double(statement, index, number),
        DateTime time => raw.sqlite3_bind_text(statement, index, time.ToString(SqliteDateTimeFormat, CultureInfo.InvariantCulture)),
        Guid id => raw.sqlite3_bind_text(statement, index, id.ToString().ToUpperInvariant()),
        _ => throw new NotSupportedException($"No SQLite form for a {value.GetType().Name} column."),
    };

    private static void Check(sqlite3 handle, int result)
    {
        if (result != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite Error {result}: '{raw.sqlite3_errmsg(handle).utf8_to_string()}'.", result, raw.sqlite3_extended_errcode(handle));
        }
    }

    private static async Task CopyPostgresAsync(JiraQualityDbContext db, Column[] columns, List<ScoredRow> added, List<ScoredRow> replaced, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var columnList = string.Join(", ", columns.Select(c => c.Name));
        if (added.Count > 0)
        {
            await CopyAsync(connection, Table, columnList, columns, added, cancellationToken);
        }

        if (replaced.Count > 0)
        {
            // Names only, from the model: nothing of the rows is ever part of the SQL text.
            const string stage = $"CREATE TEMP TABLE IF NOT EXISTS {StagingTable} (LIKE {Table} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";
            await db.Database.ExecuteSqlRawAsync(stage, cancellationToken);
            await CopyAsync(connection, StagingTable, columnList, columns, replaced, cancellationToken);
            var updates = string.Join(", ", columns.Where(c => !c.IsKey).Select(c => $"{c.Name} = EXCLUDED.{c.Name}"));
            var merge = $"INSERT INTO {Table} ({columnList}) SELECT {columnList} FROM {StagingTable} ON CONFLICT (issue_key) DO UPDATE SET {updates}";
            await db.Database.ExecuteSqlRawAsync(merge, cancellationToken);
        }
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string table, string columnList, Column[] columns, List<ScoredRow> rows, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {table} ({columnList}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var column in columns)
            {
                var value = column.Getter.GetClrValueUsingContainingEntity(row.Row);
                if (value is not null && column.Mapping.Converter is { } converter)
                {
                    value = converter.ConvertToProvider(value);
                }

                if (value is null)
                {
                    await importer.WriteNullAsync(cancellationToken);
                }
                else if (column.NpgsqlType is { } type)
                {
                    await importer.WriteAsync(value is DateTime time && type == NpgsqlDbType.TimestampTz ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : value, type, cancellationToken);
                }
                else
                {
                    await importer.WriteAsync(value, cancellationToken);
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    /// <summary>The columns the application writes (the database computes the reference time), from the EF model.</summary>
    private static Column[] Columns(JiraQualityDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(ProcessedConversation))!;
        var table = StoreObjectIdentifier.Table(Table);
        return entity.GetProperties()
            .Where(p => p.GetComputedColumnSql(table) is null)
            .Select(p =>
            {
                var mapping = p.GetRelationalTypeMapping();
                var name = p.GetColumnName(table)!;
                return new Column(
                    name,
                    name == "issue_key",
                    p.IsNullable,
                    mapping,
                    p.GetGetter(),
                    PostgresType(mapping.StoreType));
            })
            .ToArray();
    }

    /// <summary>The binary COPY type of a column; null lets Npgsql infer it from the value.</summary>
    private static NpgsqlDbType? PostgresType(string storeType) => storeType switch
    {
        "text" => NpgsqlDbType.Text,
        "integer" => NpgsqlDbType.Integer,
        "bigint" => NpgsqlDbType.Bigint,
        "double precision" => NpgsqlDbType.Double,
        "boolean" => NpgsqlDbType.Boolean,
        "uuid" => NpgsqlDbType.Uuid,
        "timestamp with time zone" => NpgsqlDbType.TimestampTz,
        _ => null,
    };

    private sealed record Column(string Name, bool IsKey, bool Nullable, RelationalTypeMapping Mapping, IClrPropertyGetter Getter, NpgsqlDbType? NpgsqlType);
}
