using JiraQuality.Core.Metrics;

namespace JiraQuality.Web.Hosting;

public static class MetricsServiceExtensions
{
    /// <summary>Wires the metrics layer's services.</summary>
    public static IServiceCollection AddJiraQualityMetrics(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.AddSingleton<MetricsQuery>();
        services.AddSingleton<ConversationQuery>();
        services.AddSingleton<ServiceDeskOutcomeQuery>();
        services.AddSingleton<PendingConversationQuery>();
        services.AddSingleton<Core.People.PersonNameDirectory>();
        return services;
    }
}
