using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

namespace JiraQuality.Core.Storage;

/// <summary>
/// Writes many rows of one entity's table at once, bypassing the change tracker: one prepared INSERT bound by position
/// and run for each row on SQLite (on the connection's handle, without ADO.NET's per-command and by-name parameter
/// costs), binary COPY on PostgreSQL. Columns and value forms come from the EF model, so the rows read back exactly as if
/// EF Core had written them. Call inside the caller's transaction.
/// </summary>
internal sealed class BulkTable
{
    /// <summary>How Microsoft.Data.Sqlite (and so EF Core) writes a DateTime.</summary>
    private const string SqliteDateTimeFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    private BulkTable(string table, string key, Column[] columns)
    {
        Table = table;
        Key = key;
        Columns = columns;
        ColumnList = string.Join(", ", columns.Select(c => c.Name));
    }

    public string Table { get; }

    public string Key { get; }

    public string ColumnList { get; }

    private Column[] Columns { get; }

    /// <summary>The columns of <typeparamref name="TEntity"/>'s table the application writes (computed ones left out).</summary>
    public static BulkTable For<TEntity>(DbContext db, string key)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!);
        var columns = entity.GetProperties()
            .Where(p => p.GetComputedColumnSql(table) is null)
            .Select(p =>
            {
                var mapping = p.GetRelationalTypeMapping();
                return new Column(p.GetColumnName(table)!, mapping, p.GetGetter(), PostgresType(mapping.StoreType));
            })
            .ToArray();
        return new BulkTable(table.Name, key, columns);
    }

    /// <summary><c>col = excluded.col</c> for every column but the key, for an upsert's DO UPDATE SET.</summary>
    public string UpdateAll() => string.Join(", ", Columns.Where(c => c.Name != Key).Select(c => $"{c.Name} = excluded.{c.Name}"));

    /// <summary>
    /// INSERTs the rows on SQLite with one prepared single-row statement, bound and run again for each row (SQLite runs
    /// in-process: a run is a function call, not a round trip, and compiling one short statement once costs less than
    /// compiling a statement of thousands of placeholders per few hundred rows). <paramref name="onConflict"/> (e.g.
    /// <c>ON CONFLICT (key) DO UPDATE SET …</c>) is appended. Fails on the first row SQLite refuses.
    /// </summary>
    public void InsertSqlite(DbContext db, IReadOnlyList<object> rows, string? onConflict)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var handle = ((SqliteConnection)db.Database.GetDbConnection()).Handle!;
        var sql = $"INSERT INTO {Table} ({ColumnList}) VALUES ({string.Join(", ", Enumerable.Repeat("?", Columns.Length))})"
            + (onConflict is null ? "" : " " + onConflict);
        Check(handle, raw.sqlite3_prepare_v2(handle, sql, out var statement));
        using (statement)
        {
            foreach (var row in rows)
            {
                for (var i = 0; i < Columns.Length; i++)
                {
                    Check(handle, BindSqlite(statement, i + 1, Columns[i].Getter.GetClrValueUsingContainingEntity(row)));
                }

                var step = raw.sqlite3_step(statement);
                if (step != raw.SQLITE_DONE)
                {
                    Check(handle, step);
                }

                Check(handle, raw.sqlite3_reset(statement));
            }
        }
    }

    /// <summary>Binary COPY of the rows into <paramref name="table"/> (this table, or a staging table shaped like it).</summary>
    public async Task CopyAsync(DbContext db, string table, IReadOnlyList<object> rows, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {table} ({ColumnList}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            foreach (var column in Columns)
            {
                var value = column.Getter.GetClrValueUsingContainingEntity(row);
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

    private sealed record Column(string Name, RelationalTypeMapping Mapping, IClrPropertyGetter Getter, NpgsqlDbType? NpgsqlType);
}
