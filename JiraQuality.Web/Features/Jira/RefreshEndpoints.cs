using System.Security.Cryptography;
using System.Text;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Jira;
using JiraQuality.Core.Jobs;
using Microsoft.Extensions.Options;

namespace JiraQuality.Web.Features.Jira;

/// <summary>
/// <c>POST /api/refresh-data</c> and <c>GET /api/cron/refresh</c>: both queue the refresh job (sync, then
/// processing) and return its state at once. Both require the refresh secret, because starting a sync spends
/// Jira quota and (with an LLM scorer) money.
/// </summary>
public static class RefreshEndpoints
{
    public const string CronSecretHeader = "x-cron-secret";

    public static IEndpointRouteBuilder MapRefreshEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api").WithTags("Refresh");
        group.MapPost("/refresh-data", (HttpContext context, IOptions<RefreshOptions> options, IJobQueue queue, CancellationToken ct) =>
            StartRefreshAsync(context, options.Value, queue, Features.Identity.JobPermissions.RequesterOf(context.User), ct))
            .RequireAuthorization(Policies.Analyst);
        group.MapGet("/cron/refresh", (HttpContext context, IOptions<RefreshOptions> options, IJobQueue queue, CancellationToken ct) =>
            StartRefreshAsync(context, options.Value, queue, JobRequesters.Cron, ct))
            .AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> StartRefreshAsync(HttpContext context, RefreshOptions options, IJobQueue queue, string requestedBy, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(options.CronSecret))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Refresh endpoint disabled",
                detail: "No refresh secret is configured: set REFRESH_CRON_SECRET (Refresh:CronSecret) to enable this endpoint.");
        }

        if (!IsAuthorised(context.Request, options.CronSecret))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Json(new { error = "Unauthorized" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        var job = await queue.EnqueueAsync(new JobRequest(JobKinds.Refresh, requestedBy), cancellationToken);
        return Results.Accepted($"/api/jobs/{job.Id}", job);
    }

    /// <summary>
    /// The secret may come as a Bearer token, in <c>x-cron-secret</c>, or as <c>?token=</c> (for schedulers that
    /// cannot set headers; prefer a header, since query strings end up in access logs).
    /// </summary>
    public static bool IsAuthorised(HttpRequest request, string secret)
    {
        var candidates = new List<string>();
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            candidates.Add(authorization["Bearer ".Length..].Trim());
        }

        candidates.AddRange(request.Headers[CronSecretHeader].Where(v => v is not null)!);
        if (request.Query.TryGetValue("token", out var token) && token.Count > 0 && token[0] is { } queryToken)
        {
            candidates.Add(queryToken);
        }

        var authorised = false;
        foreach (var candidate in candidates)
        {
            // Every candidate is compared, so the time taken does not reveal which form matched.
            authorised |= SecretEquals(candidate, secret);
        }

        return authorised;
    }

    /// <summary>Constant-time comparison; hashing first keeps the time independent of the lengths too.</summary>
    public static bool SecretEquals(string candidate, string secret) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(candidate)),
            SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
