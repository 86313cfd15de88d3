using System.Data.Common;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace JiraQuality.Tests.Scoring;

/// <summary>
/// The cost of a processing run in database work, counted rather than timed so it cannot be flaky: statements and
/// transactions grow with the number of batches, never with the number of conversations.
/// </summary>
public sealed partial class ProcessingStatementCountTests
{
    private const int BatchSize = 50;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Statements_and_transactions_grow_with_the_batches_not_with_the_conversations(DatabaseProvider provider)
    {
        var small = await CountAsync(provider, conversations: 2 * BatchSize);
        var large = await CountAsync(provider, conversations: 20 * BatchSize);

        // One transaction per batch of scored conversations, whatever the number of cores scoring them.
        Assert.Equal(2, small.Commits);
        Assert.Equal(20, large.Commits);

        // Eighteen more batches cost a fixed handful of statements each (read; upsert, flags, the rollup's additions;
        // begin and commit); one statement per conversation would add 900.
        var perExtraBatch = (large.Statements - small.Statements) / 18.0;
        Assert.True(perExtraBatch is >= 2 and <= 20, $"{small.Statements} statements for {2 * BatchSize} conversations, {large.Statements} for {20 * BatchSize}");
        Assert.True(large.Statements < 20 * BatchSize / 2, $"{large.Statements} statements for {20 * BatchSize} conversations");

        // Scoring never writes the wide, text-indexed prepared row (on PostgreSQL every such update rewrote the row and
        // recomputed its full-text index entry): the processed row carries the mark.
        Assert.Equal((0, 0), (small.PreparedWrites, large.PreparedWrites));

        // SQLite stores a batch's rows with one prepared INSERT run once per row inside the process (what COPY's rows are
        // on PostgreSQL, not a round trip): counted apart, exactly one run per conversation stored.
        if (provider == DatabaseProvider.Sqlite)
        {
            Assert.Equal((2 * BatchSize, 20 * BatchSize), (small.RowInserts, large.RowInserts));
        }
        else
        {
            Assert.Equal((0, 0), (small.RowInserts, large.RowInserts));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_re_run_over_processed_conversations_reads_nothing_per_conversation(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database, 20 * BatchSize);
        var counter = new StatementCounter();
        var service = Service(database, counter);
        await service.RunAsync(new ProcessingRequest { Scorer = new() { NoLlm = true } }, new RecordingProgress(), Ct);
        counter.Reset();

        var again = await service.RunAsync(new ProcessingRequest { Scorer = new() { NoLlm = true } }, new RecordingProgress(), Ct);

        Assert.Equal(0, again.Selected);
        Assert.InRange(counter.Statements, 1, 4);
        Assert.Equal(0, counter.Commits);
    }

    private static async Task<StatementCounter> CountAsync(DatabaseProvider provider, int conversations)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database, conversations);
        var counter = new StatementCounter();

        var result = await Service(database, counter).RunAsync(new ProcessingRequest { Scorer = new() { NoLlm = true } }, new RecordingProgress(), Ct);

        Assert.Equal((conversations, 0), (result.Processed, result.Failures.Count));
        await using var db = database.Factory.CreateDbContext();
        Assert.Equal(conversations, await db.ProcessedConversations.CountAsync(Ct));
        Assert.Equal(0, await ScoredState.Unscored(db).CountAsync(Ct));
        return counter;
    }

    private static ProcessingService Service(TestDatabase database, StatementCounter counter) =>
        ScoringTestSupport.Service(
            new JiraQualityContextFactory(database.Options, [counter]),
            ScoringTestSupport.Factory(new ScoringOptions { BatchSize = BatchSize }));

    private static async Task SeedAsync(TestDatabase database, int count)
    {
        await using var db = database.Factory.CreateDbContext();
        db.PreparedConversations.AddRange(ScoringTestSupport.Tickets(count));
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>
    /// Counts committed transactions and statements. On SQLite every statement the engine runs is counted (through its
    /// trace hook, so statements issued beside EF Core count too), the runs of the bulk row INSERT apart, with the
    /// statements compiled for it (its prepare hook); on PostgreSQL every command EF Core sends (the bulk COPY of a
    /// batch is one more per batch and is not a command).
    /// </summary>
    private sealed partial class StatementCounter : DbCommandInterceptor, IDbConnectionInterceptor, IDbTransactionInterceptor
    {
        private const string RowInsert = "INSERT INTO jira_processed_conversations (";

        [System.Text.RegularExpressions.GeneratedRegex(@"\b(UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+""?jira_prepared_conversations\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
        private static partial System.Text.RegularExpressions.Regex PreparedWriteRegex();

        private static System.Text.RegularExpressions.Regex PreparedWrite => PreparedWriteRegex();

        private int _statements;
        private int _commits;
        private int _rowInserts;
        private int _preparedWrites;

        public int Statements => Volatile.Read(ref _statements);

        public int Commits => Volatile.Read(ref _commits);

        /// <summary>Runs of the bulk row INSERT on SQLite (one per row stored).</summary>
        public int RowInserts => Volatile.Read(ref _rowInserts);

        /// <summary>Statements that insert, update or delete prepared rows.</summary>
        public int PreparedWrites => Volatile.Read(ref _preparedWrites);

        public void Reset()
        {
            Interlocked.Exchange(ref _statements, 0);
            Interlocked.Exchange(ref _commits, 0);
            Interlocked.Exchange(ref _rowInserts, 0);
            Interlocked.Exchange(ref _preparedWrites, 0);
        }

        public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Trace(connection);

        public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Trace(connection);
            return Task.CompletedTask;
        }

        public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
        {
            if (eventData.Context?.Database.IsSqlite() != true)
            {
                Interlocked.Increment(ref _statements);
                CountPreparedWrite(result.CommandText);
            }

            return result;
        }

        public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Interlocked.Increment(ref _commits);

        public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _commits);
            return Task.CompletedTask;
        }

        private static bool IsRowInsert(utf8z sql) => sql.utf8_to_string().StartsWith(RowInsert, StringComparison.Ordinal);

        private void CountPreparedWrite(string sql)
        {
            if (PreparedWrite.IsMatch(sql))
            {
                Interlocked.Increment(ref _preparedWrites);
            }
        }

        private void Trace(DbConnection connection)
        {
            if (connection is SqliteConnection sqlite)
            {
                raw.sqlite3_trace(sqlite.Handle, (delegate_trace)((_, sql) =>
                {
                    Interlocked.Increment(ref IsRowInsert(sql) ? ref _rowInserts : ref _statements);
                    CountPreparedWrite(sql.utf8_to_string());
                }), null);
            }
        }
    }
}
