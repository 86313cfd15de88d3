using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Scoring.Taxonomy;
using JiraQuality.Core.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Scoring;

public static class ScoringModule
{
    /// <summary>
    /// The scoring module: <c>Scoring</c> and <c>Llm</c> settings checked at start (taxonomy paths resolved against the
    /// data folder), the scorers and the LLM call ledger, processing with its lane, claims and cost estimate, the scored
    /// CSV import, the taxonomy store, and the processing, re-score and scored-import job handlers.
    /// </summary>
    public static IServiceCollection AddScoring(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
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
        services.AddSingleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>();
        services.AddSingleton<LlmCallLedger>();
        services.AddSingleton<ScorerFactory>();
        services.AddSingleton<ProcessingLane>();
        services.AddSingleton<ProcessingClaims>();
        services.AddSingleton<ProcessingService>();
        services.AddSingleton<ProcessingCostEstimator>();
        services.AddSingleton<ScoredCsvImporter>();
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
}
