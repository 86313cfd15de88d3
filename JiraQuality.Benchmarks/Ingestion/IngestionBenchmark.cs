using System.Diagnostics;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Ingestion.Csv;
using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Core.Ingestion.Normalising;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Ingestion.Roles;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace JiraQuality.Benchmarks.Ingestion;

/// <summary>
/// Measures the CSV import: parse + normalise only, and end to end into a fresh SQLite or PostgreSQL
/// database. Each run starts from an empty database so every ticket is an insert.
/// </summary>
public sealed class IngestionBenchmark(IngestionOptions options, TimeProvider timeProvider)
{
    /// <summary>Reads and normalises the file (or its first <paramref name="limit"/> tickets) without storing anything.</summary>
    public IngestionBenchmarkRun ParseAndNormalise(string path, int limit = int.MaxValue)
    {
        var reader = new JiraCsvReader(options, JiraDateParser.FromOptions(options));
        var normalizer = new ConversationNormalizer(new RoleResolver(options, AgentDirectorySnapshot.Empty), new ConversationTrimmer(options.TokenBudget));
        var report = new ImportFileReport(Path.GetFileName(path), 10);
        var watch = Stopwatch.StartNew();
        var tickets = 0;
        long comments = 0;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
        {
            foreach (var ticket in reader.Read(stream, report))
            {
                var conversation = normalizer.Normalize(ticket);
                tickets++;
                comments += conversation.Messages.Count;
                if (tickets >= limit)
                {
                    break;
                }
            }
        }

        watch.Stop();
        return new IngestionBenchmarkRun("parse + normalise", tickets, comments, watch.Elapsed, PeakWorkingSet());
    }

    /// <summary>Creates an empty, migrated database of <paramref name="provider"/> for the runs; dispose it to drop it.</summary>
    public static async Task<BenchmarkDatabase> CreateDatabaseAsync(DatabaseProvider provider, string? postgresAdminConnectionString, CancellationToken cancellationToken)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"jq-bench-{Guid.NewGuid():N}.db");
            return await BenchmarkDatabase.CreateAsync(provider, $"Data Source={file}", file, null, null, cancellationToken);
        }

        if (string.IsNullOrWhiteSpace(postgresAdminConnectionString))
        {
            throw new InvalidOperationException("The PostgreSQL benchmark needs --postgres <connection string of a user that may create databases>.");
        }

        var name = "jq_bench_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(postgresAdminConnectionString, $"CREATE DATABASE {name}", cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(postgresAdminConnectionString) { Database = name }.ToString();
        return await BenchmarkDatabase.CreateAsync(provider, connectionString, null, postgresAdminConnectionString, name, cancellationToken);
    }

    /// <summary>Imports the file into the emptied database: every ticket is an insert.</summary>
    public async Task<IngestionBenchmarkRun> ImportAsync(BenchmarkDatabase database, string path, CancellationToken cancellationToken)
    {
        await using (var db = database.Factory.CreateDbContext())
        {
            await db.PreparedConversations.ExecuteDeleteAsync(cancellationToken);
        }

        var paths = new IngestionPaths(Path.GetTempPath(), options, new SampleOptions());
        var store = new PreparedConversationStore(database.Factory, timeProvider);
        var ingestor = new TicketIngestor(new AgentDirectoryService(database.Factory, paths), store, options);
        var import = new CsvImportService(ingestor, store, options, timeProvider, NullLogger<CsvImportService>.Instance);
        long comments = 0;
        var watch = Stopwatch.StartNew();
        var report = await import.ImportAsync(
            [ImportFile.FromPath(path)],
            new CsvImportRequest
            {
                OnBatchStored = (batch, _) =>
                {
                    comments += batch.Sum(c => c.Messages.Count);
                    return Task.CompletedTask;
                },
            },
            NullJobProgress.Instance,
            cancellationToken);
        watch.Stop();
        if (!report.Succeeded)
        {
            throw new InvalidOperationException("The benchmark import failed: " + report.ToText());
        }

        return new IngestionBenchmarkRun($"end to end into {database.Factory.Provider}", report.Created, comments, watch.Elapsed, PeakWorkingSet());
    }

    public static long PeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.PeakWorkingSet64;
    }

    internal static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
