using JiraQuality.Core.Storage;

namespace JiraQuality.Tests.Infrastructure;

/// <summary>A fresh, migrated database of either provider for one test.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqliteFile;

    private TestDatabase(StorageOptions options, string? sqliteFile)
    {
        Options = options;
        _sqliteFile = sqliteFile;
        Factory = new JiraQualityContextFactory(options);
    }

    public StorageOptions Options { get; }
    public JiraQualityContextFactory Factory { get; }

    /// <summary>Theory data: every provider the storage must work on.</summary>
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrate = true)
    {
        TestDatabase database;
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"jq-test-{Guid.NewGuid():N}.db");
            database = new TestDatabase(new StorageOptions { Provider = provider, ConnectionString = $"Data Source={file};Pooling=False" }, file);
        }
        else
        {
            var (server, reason) = await PostgresServer.GetAsync();
            TestEnvironment.RequireOrSkip(server is not null, $"PostgreSQL is not available: {reason}");
            var connectionString = await server!.CreateDatabaseAsync();
            database = new TestDatabase(new StorageOptions { Provider = provider, ConnectionString = connectionString }, null);
        }

        if (migrate)
        {
            await database.Factory.MigrateAsync();
        }

        return database;
    }

    public ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            foreach (var file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm", _sqliteFile + ".processing.lock" })
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                    // A file still open by a pooled connection is left for the OS temp cleaner.
                }
            }
        }

        else
        {
            // The test is over: give its pooled connections back to the server now rather than after the idle lifetime.
            using var connection = new Npgsql.NpgsqlConnection(Options.ConnectionString);
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }

        return ValueTask.CompletedTask;
    }
}
