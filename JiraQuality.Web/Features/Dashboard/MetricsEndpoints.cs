using JiraQuality.Core.Identity;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Dashboard;

namespace JiraQuality.Web.Features.Dashboard;

public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/metrics").WithTags("Metrics").RequireAuthorization(Policies.Viewer);
        group.MapGet("/", async (HttpRequest http, MetricsQuery metrics, HubScopes scopes, CancellationToken cancellationToken) =>
        {
            if (!MetricsRequestBinding.TryRead(http.Query, out var request, out _, out var error))
            {
                return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid metrics query");
            }

            var snapshot = await metrics.GetSnapshotAsync(request with { Filter = await scopes.ScopeAsync(http.HttpContext.User, request.Filter, cancellationToken) }, cancellationToken);
            return Results.Ok(ToResponse(snapshot));
        });
        return endpoints;
    }

    /// <summary>The snapshot in a shape meant for other tools: KPIs by code, windows by 24h/7d/30d.</summary>
    public static object ToResponse(MetricsSnapshot snapshot) => new
    {
        asOf = snapshot.AsOfUtc,
        window = snapshot.Window.Code(),
        timeZone = snapshot.TimeZoneId,
        filter = snapshot.Filter.ToQuery().Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value),
        latestData = snapshot.LatestDataUtc,
        noDataInLast30Days = snapshot.NoDataInLast30Days,
        kpis = KpiCatalog.All.ToDictionary(
            k => k.Code,
            k => new
            {
                title = k.Title,
                goodDirection = k.Good.ToString().ToLowerInvariant(),
                value = snapshot.Selected.Current[k.Id].Value,
                previous = snapshot.Selected.Previous[k.Id].Value,
                delta = snapshot.Selected.Delta(k.Id),
                improved = snapshot.Selected.IsImprovement(k.Id),
                windows = snapshot.Windows.ToDictionary(
                    w => w.Window.Code(),
                    w => new
                    {
                        current = Period(w.Current, k.Id),
                        previous = Period(w.Previous, k.Id),
                        delta = w.Delta(k.Id),
                        improved = w.IsImprovement(k.Id),
                    }),
            }),
        trend = new
        {
            hourly = snapshot.Trend.Hourly,
            buckets = snapshot.Trend.Buckets.Select(b => new { start = b.StartUtc, end = b.EndUtc, label = b.Label, partial = b.Partial }),
            current = snapshot.Trend.Current,
            previous = snapshot.Trend.Previous,
        },
        sentiment = snapshot.Sentiment,
        agents = snapshot.Agents,
        topAgents = snapshot.TopAgents,
        flaggedAgents = snapshot.FlaggedAgents,
        abusiveCustomers = snapshot.AbusiveCustomers,
        contactReasons = snapshot.ContactReasons,
        tips = snapshot.Tips,
    };

    private static object Period(PeriodKpis period, KpiId id) => new
    {
        from = period.FromUtc,
        to = period.ToUtc,
        value = period[id].Value,
        count = period[id].Count,
        total = period[id].Total,
    };
}
