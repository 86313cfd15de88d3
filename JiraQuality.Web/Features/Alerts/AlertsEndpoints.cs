using JiraQuality.Core.Identity;
using JiraQuality.Core.Alerts;

namespace JiraQuality.Web.Features.Alerts;

public static class AlertsEndpoints
{
    /// <summary>
    /// <c>GET /api/alerts</c>: the alert history, newest first (filters <c>state</c>, <c>channel</c>, <c>rule</c>,
    /// <c>take</c> up to 1000). <c>POST /api/alerts/channels/{name}/test</c>: sends a test alert to the channel, 200 with
    /// the outcome when it went through, 502 when the channel refused or failed, 404 for an unknown channel.
    /// </summary>
    public static IEndpointRouteBuilder MapAlertsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/alerts").WithTags("Alerts").RequireAuthorization(Policies.Admin);
        group.MapGet("/", async (AlertHistoryQuery history, string? state, string? channel, string? rule, int? take, CancellationToken cancellationToken) =>
        {
            if (take is < 1 or > 1000)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid take", detail: "Query parameter 'take' must be between 1 and 1000.");
            }

            return Results.Ok(await history.ListAsync(new AlertHistoryFilter(state, channel, rule, take ?? 200), cancellationToken));
        });
        group.MapPost("/channels/{name}/test", async (string name, AlertChannelTester tester, AlertConfiguration configuration, CancellationToken cancellationToken) =>
        {
            if ((await configuration.CurrentAsync(cancellationToken)).FindChannel(name) is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown channel", detail: $"There is no channel named '{name}'.");
            }

            var result = await tester.SendTestAsync(name, cancellationToken);
            return result.Succeeded
                ? Results.Ok(result)
                : Results.Json(result, statusCode: StatusCodes.Status502BadGateway);
        });
        return endpoints;
    }
}
