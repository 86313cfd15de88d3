using Microsoft.Net.Http.Headers;

namespace JiraQuality.Web.Hosting;

/// <summary>
/// Refuses requests a page on another origin makes through a visitor's browser: every state-changing request
/// (any method but GET, HEAD, OPTIONS and TRACE) and every connection to a hub (<c>/hubs/…</c> and the Blazor circuit
/// <c>/_blazor</c>, whose WebSockets are not covered by the same-origin policy). A browser names the page's origin in
/// <c>Origin</c>; it must be this app's own host and port or one of <c>Web:AllowedOrigins</c>. Requests without
/// <c>Origin</c> and without a cross-site <c>Sec-Fetch-Site</c> come from scripts and other servers (the CLI, cron,
/// Jira's webhooks), which no page can drive, and pass.
/// </summary>
public sealed class SameOriginGuard(RequestDelegate next, Microsoft.Extensions.Options.IOptions<WebOptions> options, ILogger<SameOriginGuard> logger)
{
    public const string AllowedOriginsSetting = WebOptions.SectionName + ":" + nameof(WebOptions.AllowedOrigins);

    private readonly HashSet<string> _allowedOrigins = ParseOrigins(options.Value.AllowedOrigins);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!NeedsCheck(context) || IsSameOrAllowedOrigin(request, _allowedOrigins))
        {
            await next(context);
            return;
        }

        logger.LogWarning("Refused a cross-origin {Method} {Path} from origin {Origin}", request.Method, request.Path, DescribeOrigin(request));
        await Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Cross-origin request refused",
            detail: $"Requests from another site may not change data or open a live connection. Open the app at its own address, or add the page's origin to {AllowedOriginsSetting}.")
            .ExecuteAsync(context);
    }

    /// <summary>True for requests that come from a browser page (and so may be driven by another site).</summary>
    public static bool IsFromBrowser(HttpRequest request) =>
        request.Headers.ContainsKey(HeaderNames.Origin) || request.Headers.ContainsKey("Sec-Fetch-Site") || request.Headers.ContainsKey(HeaderNames.Cookie);

    internal static bool IsSameOrAllowedOrigin(HttpRequest request, IReadOnlySet<string> allowedOrigins)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            // Older browsers leave Origin off some requests but send the fetch metadata.
            var site = request.Headers["Sec-Fetch-Site"].ToString();
            return site.Length == 0 || site is "same-origin" or "none";
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            // "null" (sandboxed frames, file: pages) and anything unparsable is never ours.
            return false;
        }

        if (allowedOrigins.Contains(Normalise(uri)))
        {
            return true;
        }

        // Same host and port as the request; the scheme is left out because a TLS-terminating proxy forwards https as http.
        var host = request.Host;
        var requestPort = host.Port ?? (uri.Scheme == "https" ? 443 : 80);
        return string.Equals(uri.Host, host.Host, StringComparison.OrdinalIgnoreCase) && uri.Port == requestPort;
    }

    private static bool NeedsCheck(HttpContext context)
    {
        var request = context.Request;
        return !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
            || context.WebSockets.IsWebSocketRequest
            || request.Path.StartsWithSegments("/hubs")
            || request.Path.StartsWithSegments("/_blazor");
    }

    internal static HashSet<string> ParseOrigins(string? value)
    {
        var origins = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in (value ?? "").Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(item, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new InvalidOperationException($"{AllowedOriginsSetting}: '{item}' is not an origin such as https://jiraquality.example.com.");
            }

            origins.Add(Normalise(uri));
        }

        return origins;
    }

    private static string Normalise(Uri uri) => $"{uri.Scheme}://{uri.Host}:{uri.Port}".ToLowerInvariant();

    private static string DescribeOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        var shown = origin.Length > 0 ? origin : "(none; Sec-Fetch-Site " + request.Headers["Sec-Fetch-Site"] + ")";
        // An origin is the attacker's text: keep the log line one line and short.
        return new string(shown.Take(200).Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}
