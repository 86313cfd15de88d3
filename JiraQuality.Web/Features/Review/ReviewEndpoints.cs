using System.Globalization;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Review;

namespace JiraQuality.Web.Features.Review;

public static class ReviewEndpoints
{
    /// <summary>
    /// <c>GET /api/review/agreement?from=YYYY-MM-DD&amp;to=YYYY-MM-DD</c>: AI–human agreement per category over reviews
    /// saved on those days (UTC, both included; default all time). <c>GET /api/review/quality</c>: internal and auto
    /// quality scores per agent and team over the same kind of period. Reviewers (analysts and admins) only; a user limited
    /// to some hubs gets the figures of reviews and conversations in those hubs only.
    /// </summary>
    public static IEndpointRouteBuilder MapReviewEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/review").WithTags("Review").RequireAuthorization(Policies.Reviewer);
        group.MapGet("/agreement", async (HttpContext http, AgreementQuery agreement, HubScopes scopes, string? from, string? to, CancellationToken cancellationToken) =>
        {
            if (Period(from, to) is not { } period)
            {
                return BadPeriod(from, to);
            }

            var report = await agreement.GetAsync(period.FromUtc, period.ToUtc, cancellationToken, await scopes.AllowedHubsAsync(http.User, cancellationToken));
            return Results.Ok(new { categories = report.Categories });
        });
        group.MapGet("/quality", async (HttpContext http, ReviewQualityQuery quality, HubScopes scopes, string? from, string? to, CancellationToken cancellationToken) =>
            Period(from, to) is { } period
                ? Results.Ok(await quality.GetAsync(period.FromUtc, period.ToUtc, cancellationToken, await scopes.AllowedHubsAsync(http.User, cancellationToken)))
                : BadPeriod(from, to));
        return endpoints;
    }

    /// <summary>The period of whole UTC days; null when a date is malformed or the period ends before it starts.</summary>
    public static (DateTime? FromUtc, DateTime? ToUtc)? Period(string? from, string? to)
    {
        DateTime? start = null, end = null;
        if (!string.IsNullOrWhiteSpace(from))
        {
            if (!DateOnly.TryParseExact(from.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return null;
            }

            start = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        }

        if (!string.IsNullOrWhiteSpace(to))
        {
            if (!DateOnly.TryParseExact(to.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return null;
            }

            end = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        }

        return start is not null && end is not null && end <= start ? null : (start, end);
    }

    private static IResult BadPeriod(string? from, string? to) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "Invalid period",
        detail: $"Query parameters 'from' and 'to' must be dates as YYYY-MM-DD with 'to' not before 'from' (got from='{from}', to='{to}').");
}
