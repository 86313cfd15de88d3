using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Reporting.Exports;


namespace JiraQuality.Web.Features.Dashboard;

public static class MetricsServiceExtensions
{
    /// <summary>Wires the metrics layer's services.</summary>
    public static IServiceCollection AddJiraQualityMetrics(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.AddSingleton<MetricsQuery>();

        // Created at start so the cached filter choices are dropped after every data job, even before a figure page opens.
        services.AddSingleton<MetricsCacheInvalidation>();
        services.AddHostedService(sp => sp.GetRequiredService<MetricsCacheInvalidation>());
        services.AddSingleton<ConversationQuery>();
        services.AddSingleton<ConversationExport>();
        services.AddSingleton<ServiceDeskOutcomeQuery>();
        services.AddSingleton<PendingConversationQuery>();
        services.AddSingleton<Core.Conversations.PersonNameDirectory>();
        return services;
    }
}
