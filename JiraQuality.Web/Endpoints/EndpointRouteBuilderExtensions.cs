namespace JiraQuality.Web.Endpoints;

public static class EndpointRouteBuilderExtensions
{
    /// <summary>Maps every feature's endpoint group.</summary>
    public static IEndpointRouteBuilder MapJiraQualityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Each feature adds one line here: endpoints.MapXxxEndpoints();
        endpoints.MapJobsEndpoints();
        endpoints.MapScoringEndpoints();
        endpoints.MapMetricsEndpoints();
        endpoints.MapConversationsEndpoints();
        endpoints.MapRefreshEndpoints();
        endpoints.MapWebhookEndpoints();
        endpoints.MapSettingsEndpoints();
        Features.Alerts.AlertsEndpoints.MapAlertsEndpoints(endpoints);
        Features.Review.ReviewEndpoints.MapReviewEndpoints(endpoints);
        return endpoints;
    }
}
