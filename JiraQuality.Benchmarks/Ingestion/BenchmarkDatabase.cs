using JiraQuality.Core.Storage;
using Npgsql;

namespace JiraQuality.Benchmarks.Ingestion;

/// <summary>A throwaway database for benchmark runs, dropped on dispose.</summary>
public sealed class BenchmarkDatabase : IAsyncDisposable
{
    private readonly string? _sqliteFile;
    private readonly string? _adminConnectionString;
    private readonly string? _postgresName;

    private BenchmarkDatabase(JiraQualityContextFactory factory, string connectionString, string? sqliteFile, string? adminConnectionString, string? postgresName)
    {
        Factory = factory;
        ConnectionString = connectionString;
        _sqliteFile = sqliteFile;
        _adminConnectionString = adminConnectionString;
        _postgresName = postgresName;
    }

    public JiraQualityContextFactory Factory { get; }

    /// <summary>For child processes (the verbs) to use the same database.</summary>
    public string ConnectionString { get; }

    internal static async Task<BenchmarkDatabase> CreateAsync(
        DatabaseProvider provider, string connectionString, string? sqliteFile, string? adminConnectionString, string? postgresName, CancellationToken cancellationToken)
    {
        var factory = new JiraQualityContextFactory(new StorageOptions { Provider = provider, ConnectionString = connectionString });
        await factory.MigrateAsync(cancellationToken);
        return new BenchmarkDatabase(factory, connectionString, sqliteFile, adminConnectionString, postgresName);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
            {
                File.Delete(file);
            }
        }

        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await IngestionBenchmark.ExecuteAsync(_adminConnectionString!, $"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", CancellationToken.None);
        }
    }
}
