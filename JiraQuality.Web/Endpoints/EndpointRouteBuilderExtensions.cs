namespace JiraQuality.Web.Endpoints;

public static class EndpointRouteBuilderExtensions
{
    /// <summary>Maps every feature's endpoint group.</summary>
    public static IEndpointRouteBuilder MapJiraQualityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Each feature adds one line here: endpoints.MapXxxEndpoints();
        endpoints.MapRefreshEndpoints();
        endpoints.MapWebhookEndpoints();
        return endpoints;
    }
}
