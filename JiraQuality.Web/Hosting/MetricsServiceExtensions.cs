namespace JiraQuality.Web.Hosting;

public static class MetricsServiceExtensions
{
    /// <summary>Wires the metrics layer's services.</summary>
    public static IServiceCollection AddJiraQualityMetrics(this IServiceCollection services)
    {
        return services;
    }
}
