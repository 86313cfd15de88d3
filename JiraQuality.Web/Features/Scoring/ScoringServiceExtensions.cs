using JiraQuality.Core.Jobs;
using JiraQuality.Core.Reporting.Exports;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Scoring.Taxonomy;
using JiraQuality.Core.Settings;

namespace JiraQuality.Web.Features.Scoring;

public static class ScoringServiceExtensions
{
    /// <summary>Wires the scoring layer's services.</summary>
    public static IServiceCollection AddJiraQualityScoring(this IServiceCollection services)
    {
        services.TryAddTimeProvider();
        services.AddOptions<ScoringOptions>()
            .BindConfiguration(ScoringOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                // A relative taxonomy path is relative to the data folder; none means the shipped default.
                var dataDirectory = DataDirectory.Resolve(configuration["Data:Directory"]);
                // A data folder moved elsewhere (for the database) falls back to the copy shipped beside the app.
                options.TaxonomyFile = string.IsNullOrWhiteSpace(options.TaxonomyFile)
                    ? FirstExisting(
                        Path.Combine(dataDirectory, ContactReasonTaxonomy.DefaultFileName),
                        Path.Combine(AppContext.BaseDirectory, "data", ContactReasonTaxonomy.DefaultFileName))
                    : Path.IsPathRooted(options.TaxonomyFile) ? options.TaxonomyFile : Path.Combine(dataDirectory, options.TaxonomyFile);
                options.UploadedTaxonomyFile = string.IsNullOrWhiteSpace(options.UploadedTaxonomyFile)
                    ? Path.Combine(dataDirectory, TaxonomyStore.UploadedFileName)
                    : Path.IsPathRooted(options.UploadedTaxonomyFile) ? options.UploadedTaxonomyFile : Path.Combine(dataDirectory, options.UploadedTaxonomyFile);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<LlmOptions>, LlmOptionsValidator>();
        services.AddSingleton<LlmCallLedger>();
        services.AddSingleton<ScorerFactory>();
        services.AddSingleton<ProcessingLane>();
        services.AddSingleton<ProcessingClaims>();
        services.AddSingleton<ProcessingService>();
        services.AddSingleton<ProcessingCostEstimator>();
        services.AddSingleton<ScoredCsvImporter>();
        services.AddSingleton<AnalysisCsvExporter>();
        services.AddSingleton<ScoringCostQuery>();
        services.AddSingleton<TaxonomyStore>();
        services.AddScoped<ProcessingJobHandler>();
        services.AddScoped<IJobHandler>(sp => sp.GetRequiredService<ProcessingJobHandler>());
        services.AddKeyedScoped<IJobHandler>(JobKinds.Processing, (sp, _) => sp.GetRequiredService<ProcessingJobHandler>());
        services.AddScoped<IJobHandler, RescoreJobHandler>();
        services.AddScoped<IJobHandler, ScoredCsvImportJobHandler>();
        return services;
    }

    private static string FirstExisting(string preferred, string fallback) =>
        File.Exists(preferred) || !File.Exists(fallback) ? preferred : fallback;

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
