using JiraQuality.Core.Settings;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Web.Hosting;

public static class StorageServiceExtensions
{
    /// <summary>Wires the database chosen by <c>Database:Provider</c> and migrates it at start-up.</summary>
    public static IServiceCollection AddJiraQualityStorage(this IServiceCollection services, bool migrateOnStart = true)
    {
        services.AddSingleton(sp => ResolveStorageOptions(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<JiraQualityContextFactory>();
        services.AddSingleton<IDbContextFactory<JiraQualityDbContext>>(sp => sp.GetRequiredService<JiraQualityContextFactory>());
        if (migrateOnStart)
        {
            // Registered first so the schema exists before any other hosted service starts.
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, DatabaseMigrationService>());
        }

        return services;
    }

    public static StorageOptions ResolveStorageOptions(IConfiguration configuration)
    {
        var options = new StorageOptions();
        configuration.GetSection(StorageOptions.SectionName).Bind(options);
        var connectionString = configuration.GetConnectionString(StorageOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (options.Provider == DatabaseProvider.Postgres)
            {
                throw new InvalidOperationException(
                    "Database:Provider is Postgres but ConnectionStrings:JiraQuality (environment: ConnectionStrings__JiraQuality) is empty.");
            }

            var dataDirectory = DataDirectory.Resolve(configuration["Data:Directory"]);
            connectionString = $"Data Source={Path.Combine(dataDirectory, StorageOptions.DefaultSqliteFileName)}";
        }

        options.ConnectionString = connectionString;
        return options;
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
