using JiraQuality.Core.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Storage;

public static class StorageModule
{
    /// <summary>
    /// The database chosen by <c>Database:Provider</c> (settings checked at start) and, when
    /// <paramref name="migrateOnStart"/>, a hosted service that creates or upgrades its schema before any other starts.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, bool migrateOnStart = true)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) => options.ConnectionString = ConnectionStringOf(options, configuration))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value);
        services.AddSingleton<JiraQualityContextFactory>();
        services.AddSingleton<IDbContextFactory<JiraQualityDbContext>>(sp => sp.GetRequiredService<JiraQualityContextFactory>());
        if (migrateOnStart)
        {
            // Registered first so the schema exists before any other hosted service starts.
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DatabaseMigrationService>());
        }

        return services;
    }

    /// <summary>The storage settings read and checked outside a host (for tools that open the database directly).</summary>
    public static StorageOptions ResolveStorageOptions(IConfiguration configuration)
    {
        var options = new StorageOptions();
        configuration.GetSection(StorageOptions.SectionName).Bind(options);
        options.ConnectionString = ConnectionStringOf(options, configuration);
        return new StorageOptionsValidator().Validate(null, options) is { Failed: true } result
            ? throw new InvalidOperationException(result.FailureMessage)
            : options;
    }

    /// <summary><c>ConnectionStrings:JiraQuality</c>; for SQLite without one, a file in the data folder; for PostgreSQL without one, empty (the validator names it).</summary>
    private static string ConnectionStringOf(StorageOptions options, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(StorageOptions.ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(connectionString) || options.Provider == DatabaseProvider.Postgres)
        {
            return connectionString ?? "";
        }

        var dataDirectory = DataDirectory.Resolve(configuration["Data:Directory"]);
        return $"Data Source={Path.Combine(dataDirectory, StorageOptions.DefaultSqliteFileName)}";
    }

    private sealed class DatabaseMigrationService(JiraQualityContextFactory factory, ILogger<DatabaseMigrationService> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogInformation("Migrating the {Provider} database", factory.Provider);
            await factory.MigrateAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
