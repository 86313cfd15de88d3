using JiraQuality.Web.Features.Conversations;
using JiraQuality.Web.Features.Dashboard;
using JiraQuality.Web.Features.Jira;
using JiraQuality.Web.Features.Jobs;
using JiraQuality.Web.Features.Scoring;
using JiraQuality.Web.Features.Settings;

namespace JiraQuality.Web.Hosting;

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
