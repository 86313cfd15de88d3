using JiraQuality.Core.Conversations;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Reporting.Exports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Reporting;

public static class ReportingModule
{
    /// <summary>
    /// The reporting module: the <c>Metrics</c> settings checked at start, the dashboard's metrics query and the drop of
    /// its cached filter choices after data jobs, the conversation list and detail queries, the exports, and the names
    /// of the people in the figures.
    /// </summary>
    public static IServiceCollection AddReporting(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.AddSingleton<MetricsQuery>();

        // Created at start so the cached filter choices are dropped after every data job, even before a figure page opens.
        services.AddSingleton<MetricsCacheInvalidation>();
        services.AddHostedService(sp => sp.GetRequiredService<MetricsCacheInvalidation>());
        services.AddSingleton<ConversationQuery>();
        services.AddSingleton<ConversationExport>();
        services.AddSingleton<AnalysisCsvExporter>();
        services.AddSingleton<ServiceDeskOutcomeQuery>();
        services.AddSingleton<PendingConversationQuery>();
        services.AddSingleton<PersonNameDirectory>();
        return services;
    }
}
