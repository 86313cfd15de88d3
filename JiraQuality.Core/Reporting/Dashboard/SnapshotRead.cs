using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>
/// A figure adds the rows of its edge hours to the rollup of its whole hours, read by two statements. While a job
/// commits batches between them, separate statements would add rows of one moment to totals of another: a count
/// that never existed and that no list shows. One read-only snapshot for both (REPEATABLE READ on PostgreSQL, a
/// deferred read transaction on SQLite, which takes no lock a writer waits for) makes every figure exact for one
/// moment, as the list's count is.
/// </summary>
internal static class SnapshotRead
{
    /// <summary>Runs one query on a context of its own, inside one read-only snapshot.</summary>
    public static async Task<T> RunAsync<T>(IDbContextFactory<JiraQualityDbContext> contexts, Func<JiraQualityDbContext, Task<T>> query)
    {
        await using var db = contexts.CreateDbContext();
        await using var snapshot = await BeginAsync(db, CancellationToken.None);
        return await query(db);
    }

    /// <summary>Begins the read-only snapshot a figure is read in; dispose it to end the read.</summary>
    public static async Task<IAsyncDisposable> BeginAsync(JiraQualityDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
            await db.Database.ExecuteSqlRawAsync("SET TRANSACTION READ ONLY", cancellationToken);
            return transaction;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
        var read = connection.BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(read, cancellationToken);
        return read;
    }
}
