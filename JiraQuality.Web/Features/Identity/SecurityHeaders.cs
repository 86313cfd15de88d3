using JiraQuality.Core.Identity;

namespace JiraQuality.Web.Features.Identity;

/// <summary>
/// Headers on every response (pages, API, static files) that keep browsers from framing the app, sniffing content
/// types, sending our URLs to other sites or running scripts and styles that are not our own files.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, SingleSignOnOptions singleSignOn)
{
    private readonly string _contentSecurityPolicy = ContentSecurityPolicyFor(singleSignOn);

    /// <summary>
    /// The policy: scripts only from our own files (no inline script, no eval: the import map, Blazor's only inline
    /// script, is left out of the page, so modules load by their plain paths). Styles from our own files and inline:
    /// MudBlazor's theme provider, Blazor's own script and ApexCharts all write &lt;style&gt; elements whose content
    /// changes with theme and chart (no fixed hash fits), and MudBlazor positions popovers through style attributes.
    /// Inline styles can neither run script nor load anything from outside img-src/font-src. connect-src 'self'
    /// covers the SignalR WebSocket to this origin. form-action also names the single sign-on provider's origin:
    /// the SSO sign-in and sign-out forms end in redirects to it, and browsers check form-action along the redirects.
    /// </summary>
    public static string ContentSecurityPolicyFor(SingleSignOnOptions singleSignOn)
    {
        var formAction = "'self'";
        if (singleSignOn.Enabled && Uri.TryCreate(singleSignOn.Authority, UriKind.Absolute, out var authority))
        {
            formAction += " " + authority.GetLeftPart(UriPartial.Authority);
        }

        return string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "object-src 'none'",
            "form-action " + formAction);
    }

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers["X-Content-Type-Options"] = "nosniff";
            // Not no-referrer: under it browsers send "Origin: null" with every POST, and the same-origin check then refuses
            // our own forms (sign-out among them). same-origin still gives other sites nothing.
            headers["Referrer-Policy"] = "same-origin";
            headers["X-Frame-Options"] = "DENY";
            headers.ContentSecurityPolicy = _contentSecurityPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    }
}
