using Microsoft.AspNetCore.Antiforgery;

namespace JiraQuality.Web.Hosting;

/// <summary>
/// Antiforgery for API endpoints that change data: a request a browser sends must carry the antiforgery token
/// (header <c>RequestVerificationToken</c> with its cookie); scripts and servers, which send no cookie, no
/// <c>Origin</c> and no fetch metadata, are not asked for one.
/// </summary>
public static class BrowserAntiforgery
{
    public static TBuilder RequireAntiforgeryFromBrowsers<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (SameOriginGuard.IsFromBrowser(http.Request)
                && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Antiforgery token missing or invalid",
                    detail: "A request from a browser must carry the page's antiforgery token.");
            }

            return await next(context);
        });
}
