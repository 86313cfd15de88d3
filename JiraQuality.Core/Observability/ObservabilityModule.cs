using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Core.Observability;

public static class ObservabilityModule
{
    /// <summary>
    /// The app's own instruments and the recorder that feeds them from job events. Needs an <c>IMeterFactory</c>
    /// (every .NET host registers one).
    /// </summary>
    public static IServiceCollection AddJiraQualityObservability(this IServiceCollection services)
    {
        services.AddSingleton<JiraQualityMetrics>();
        services.AddSingleton<JobMetricsRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<JobMetricsRecorder>());
        return services;
    }
}
