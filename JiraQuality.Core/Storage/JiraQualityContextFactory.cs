using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace JiraQuality.Core.Storage;

/// <summary>Creates the provider-specific context that the settings ask for.</summary>
public sealed class JiraQualityContextFactory : IDbContextFactory<JiraQualityDbContext>
{
    private readonly DbContextOptions<SqliteJiraQualityDbContext>? _sqliteOptions;
    private readonly DbContextOptions<PostgresJiraQualityDbContext>? _postgresOptions;

    public JiraQualityContextFactory(StorageOptions options)
        : this(options, [])
    {
    }

    /// <summary>
    /// A factory whose contexts also run <paramref name="interceptors"/> (e.g. to count the statements a job issues).
    /// Every context keeps the metrics rollup in step with its saves, whatever else it is given.
    /// </summary>
    public JiraQualityContextFactory(StorageOptions options, IReadOnlyList<IInterceptor> interceptors)
    {
        interceptors = [Reporting.Rollup.MetricsRollupSaveChangesInterceptor.Instance, .. interceptors];
        Provider = options.Provider;
        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                _sqliteOptions = new DbContextOptionsBuilder<SqliteJiraQualityDbContext>()
                    .UseSqlite(WithSqliteDefaults(options.ConnectionString))
                    .AddInterceptors(interceptors)
                    .Options;
                break;
            case DatabaseProvider.Postgres:
                _postgresOptions = new DbContextOptionsBuilder<PostgresJiraQualityDbContext>()
                    .UseNpgsql(options.ConnectionString)
                    .AddInterceptors(interceptors)
                    .Options;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Provider, "Unknown database provider.");
        }
    }

    public DatabaseProvider Provider { get; }

    public JiraQualityDbContext CreateDbContext() => Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteJiraQualityDbContext(_sqliteOptions!),
        _ => new PostgresJiraQualityDbContext(_postgresOptions!),
    };

    /// <summary>Applies pending migrations; never drops anything.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateDbContext();
        if (Provider == DatabaseProvider.Sqlite)
        {
            EnsureSqliteDirectory(db.Database.GetConnectionString());
        }

        // Migrating also checks the model against the migrations' snapshot, which builds the snapshot model: most of a
        // short-lived verb's start-up. Asking for pending migrations reads only the history table; two instances starting
        // at once still meet under the migration lock when there is something to apply.
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (Provider == DatabaseProvider.Sqlite)
        {
            // WAL lets the dashboard read while a job writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    private static string WithSqliteDefaults(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DefaultTimeout == 30)
        {
            builder.DefaultTimeout = 60;
        }

        return builder.ToString();
    }

    private static void EnsureSqliteDirectory(string? connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:")
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}
