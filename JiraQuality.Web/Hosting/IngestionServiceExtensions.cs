namespace JiraQuality.Web.Hosting;

public static class IngestionServiceExtensions
{
    /// <summary>Wires the ingestion layer's services.</summary>
    public static IServiceCollection AddJiraQualityIngestion(this IServiceCollection services)
    {
        return services;
    }
}
