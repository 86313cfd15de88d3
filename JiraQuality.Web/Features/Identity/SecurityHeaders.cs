namespace JiraQuality.Web.Features.Identity;

/// <summary>
/// Headers on every response (pages, API, static files) that keep browsers from framing the app, sniffing content
/// types or sending our URLs to other sites.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    // Framing only for now: a script and style policy needs the import map and the inline styles MudBlazor writes
    // checked in a browser first.
    public const string ContentSecurityPolicy = "frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["X-Frame-Options"] = "DENY";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    }
}
