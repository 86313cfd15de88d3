namespace JiraQuality.Web.Features.Identity.FirstRun;

/// <summary>
/// Until the first admin exists, serves nothing but the first-run page (and what it needs to render), the Jira
/// webhook, the cron refresh and the health check: pages redirect to the first-run page, API calls get 503.
/// </summary>
public sealed class FirstRunGate(RequestDelegate next, FirstRunSetup setup)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (AlwaysServed(path) || !await setup.IsPendingAsync(context.RequestAborted))
        {
            await next(context);
            return;
        }

        if (IdentityWebModule.IsApiRequest(context.Request) || path.StartsWithSegments("/_blazor"))
        {
            await Results.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "No administrator yet",
                detail: $"Create the first admin at {FirstRunSetup.Path} before using the app.")
                .ExecuteAsync(context);
            return;
        }

        context.Response.Redirect(FirstRunSetup.Path);
    }

    private static bool AlwaysServed(PathString path) =>
        path.StartsWithSegments(FirstRunSetup.Path)
        || path.StartsWithSegments("/api/webhooks/jira")
        || path.StartsWithSegments("/api/cron/refresh")
        || path.StartsWithSegments("/health")
        || path.StartsWithSegments("/_framework")
        || path.StartsWithSegments("/_content")
        || path.StartsWithSegments("/not-found")
        || path.StartsWithSegments("/Error")
        // Static files (styles, scripts, icons); no page or API route of ours outside /api has a dot.
        || (!path.StartsWithSegments("/api") && System.IO.Path.HasExtension(path.Value));
}
