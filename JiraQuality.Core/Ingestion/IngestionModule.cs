using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Ingestion.Roles;
using JiraQuality.Core.Ingestion.Sample;
using JiraQuality.Core.Instances;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Settings;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Ingestion;

public static class IngestionModule
{
    /// <summary>
    /// The ingestion module: <c>Ingestion</c> and <c>Sample</c> settings checked at start, the upload spool and stored
    /// uploads, CSV import and its job, the normaliser's ticket ingestor, known customers and re-applying roles, the
    /// JSONL export and the sample import (a hosted service that runs once).
    /// </summary>
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<IngestionOptions>, IngestionOptionsValidator>();
        services.AddOptions<SampleOptions>().BindConfiguration(SampleOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // Most ingestion services take the settings themselves; they are read once, so the checked value is shared.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<IngestionOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SampleOptions>>().Value);
        services.AddSingleton(sp => new IngestionPaths(
            DataDirectory.Resolve(sp.GetRequiredService<IConfiguration>()["Data:Directory"]),
            sp.GetRequiredService<IngestionOptions>(),
            sp.GetRequiredService<SampleOptions>()));
        services.AddSingleton(sp => UploadSpool.InDataDirectory(sp.GetRequiredService<IngestionPaths>().DataDirectory));
        services.AddSingleton(sp => new StoredUploads(
            sp.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            SharedUploadFolder(sp.GetRequiredService<IConfiguration>()["Uploads:SharedFolder"], sp.GetRequiredService<IngestionPaths>().DataDirectory)));
        services.AddSingleton<KnownCustomerService>();
        services.AddSingleton<PreparedConversationStore>();
        services.AddSingleton<TicketIngestor>();
        services.AddSingleton<ITicketIngestor>(sp => sp.GetRequiredService<TicketIngestor>());
        services.AddSingleton<CsvImportService>();
        services.AddSingleton<ConversationExportService>();
        services.AddSingleton<SampleImportService>();
        services.AddHostedService(sp => sp.GetRequiredService<SampleImportService>());
        services.AddSingleton<ImportReportArchive>();
        services.AddScoped<IJobHandler, CsvImportJobHandler>();
        services.AddSingleton<RoleReapplyService>();
        services.AddKeyedScoped<IJobHandler, RoleReapplyJobHandler>(JobKinds.ReapplyRoles);
        return services;
    }

    /// <summary><c>Uploads:SharedFolder</c>: empty keeps uploads in the database; a relative path is in the data folder.</summary>
    private static string? SharedUploadFolder(string? setting, string dataDirectory) =>
        string.IsNullOrWhiteSpace(setting) ? null : Path.IsPathRooted(setting) ? setting : Path.Combine(dataDirectory, setting);
}
