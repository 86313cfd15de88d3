using System.Net;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Identity;

/// <summary>
/// Every page, endpoint and hub the app maps (read from its own endpoint data source) called as anonymous, viewer,
/// analyst and admin, against the roles table. A new endpoint that is not in <see cref="Expected"/> fails the test,
/// so it cannot ship without a decision about who may call it.
/// </summary>
public sealed class AccessMatrixTests
{
    /// <summary>Who may call what: the lowest role, or null for anyone (the endpoint then has its own check or none is needed).</summary>
    private static readonly Dictionary<string, string?> Expected = new(StringComparer.Ordinal)
    {
        ["PAGE /"] = Roles.Viewer,
        ["PAGE /conversations"] = Roles.Viewer,
        ["PAGE /conversations/{IssueKey}"] = Roles.Viewer,
        ["PAGE /agents"] = Roles.Viewer,
        ["PAGE /agents/{AgentId}"] = Roles.Viewer,
        ["PAGE /jobs"] = Roles.Viewer,
        ["PAGE /jobs/{JobId:guid}"] = Roles.Viewer,
        ["PAGE /import"] = Roles.Analyst,
        ["PAGE /settings"] = Roles.Admin,
        ["PAGE /alerts"] = Roles.Admin,
        ["PAGE /audit"] = Roles.Admin,
        ["PAGE /review"] = Roles.Analyst,
        ["PAGE /review/agreement"] = Roles.Analyst,
        ["PAGE /review/calibration"] = Roles.Analyst,
        ["PAGE /review/calibration/{Id:guid}"] = Roles.Analyst,
        ["PAGE /account/change-password"] = Roles.Viewer,
        ["PAGE /account/sign-in"] = null,
        ["PAGE /account/access-denied"] = null,
        ["PAGE /first-run"] = null,
        ["PAGE /not-found"] = null,
        ["PAGE /Error"] = null,
        ["POST /account/sign-out"] = null,
        ["GET /account/sso"] = null,
        ["GET /account/sso-refused"] = null,
        ["GET /api/alerts/"] = Roles.Admin,
        ["POST /api/alerts/channels/{name}/test"] = Roles.Admin,
        ["GET /api/review/agreement"] = Roles.Analyst,
        ["GET /api/review/quality"] = Roles.Analyst,
        ["GET /api/metrics/"] = Roles.Viewer,
        ["GET /api/conversations/"] = Roles.Viewer,
        ["GET /api/conversations/{issueKey}"] = Roles.Viewer,
        ["GET /api/conversations/export/csv"] = Roles.Analyst,
        ["GET /api/conversations/export/jsonl"] = Roles.Analyst,
        ["GET /api/scoring/analysis.csv"] = Roles.Analyst,
        ["GET /api/jobs/"] = Roles.Viewer,
        ["GET /api/jobs/{id:guid}"] = Roles.Viewer,
        ["POST /api/jobs/{id:guid}/cancel"] = Roles.Analyst,
        ["POST /api/refresh-data"] = Roles.Analyst,
        ["GET /api/cron/refresh"] = null,
        ["GET /health/live"] = null,
        ["GET /health/ready"] = null,
        ["POST /api/webhooks/jira"] = null,
        ["GET /api/settings/agent-directory.csv"] = Roles.Admin,
        ["HUB /hubs/jobs/negotiate"] = Roles.Viewer,
        ["HUB /hubs/jobs"] = Roles.Viewer,
    };

    private static readonly string[] Ranked = [Roles.Viewer, Roles.Analyst, Roles.Admin];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Every_page_endpoint_and_hub_answers_each_role_as_the_roles_table_says(DatabaseProvider provider)
    {
        await using var factory = await JiraQualityAppFactory.ForProviderAsync(provider);
        var noRedirects = new WebApplicationFactoryClientOptions { AllowAutoRedirect = false };
        var callers = new Dictionary<string, HttpClient> { ["anonymous"] = factory.CreateAnonymousClient(noRedirects) };
        foreach (var role in Ranked)
        {
            callers[role] = await factory.CreateClientForAsync(role, noRedirects);
        }

        var mapped = MappedEndpoints(factory.Services.GetRequiredService<EndpointDataSource>());
        var unknown = mapped.Select(m => m.Key).Where(key => !Expected.ContainsKey(key)).ToList();
        Assert.True(unknown.Count == 0, "Mapped but missing from the roles table (decide who may call them): " + string.Join(", ", unknown));
        var gone = Expected.Keys.Except(mapped.Select(m => m.Key)).ToList();
        Assert.True(gone.Count == 0, "In the roles table but no longer mapped: " + string.Join(", ", gone));

        var wrong = new List<string>();
        foreach (var endpoint in mapped)
        {
            var needed = Expected[endpoint.Key];
            foreach (var (caller, client) in callers)
            {
                using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Url);
                using var response = await client.SendAsync(request, Ct);
                var outcome = await OutcomeAsync(response);
                var allowed = needed is null || (caller != "anonymous" && Array.IndexOf(Ranked, caller) >= Array.IndexOf(Ranked, needed));
                var expected = allowed ? Outcome.Served : caller == "anonymous" ? Outcome.SignInNeeded : Outcome.Forbidden;
                if (outcome != expected)
                {
                    wrong.Add($"{endpoint.Key} as {caller}: {outcome} ({(int)response.StatusCode} {response.Headers.Location}), expected {expected}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    private enum Outcome
    {
        Served,
        SignInNeeded,
        Forbidden,
    }

    /// <summary>
    /// What authorization made of the call: pages redirect to the sign-in or access-denied page, the API and hubs answer
    /// 401/403 with the app's own problem titles (an endpoint's own 401, such as the cron secret's, is "served").
    /// </summary>
    private static async Task<Outcome> OutcomeAsync(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.Found && response.Headers.Location is { } location)
        {
            var target = location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
            if (target.StartsWith("/account/sign-in?ReturnUrl=", StringComparison.Ordinal))
            {
                return Outcome.SignInNeeded;
            }

            if (target.StartsWith("/account/access-denied", StringComparison.Ordinal))
            {
                return Outcome.Forbidden;
            }
        }

        var body = await response.Content.ReadAsStringAsync(Ct);
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized when body.Contains("Sign-in required", StringComparison.Ordinal) => Outcome.SignInNeeded,
            HttpStatusCode.Forbidden when body.Contains("\"Not allowed\"", StringComparison.Ordinal) => Outcome.Forbidden,
            HttpStatusCode.Unauthorized when body.Length == 0 => Outcome.SignInNeeded,
            HttpStatusCode.Forbidden when body.Length == 0 => Outcome.Forbidden,
            _ => Outcome.Served,
        };
    }

    private sealed record MappedEndpoint(string Key, string Method, string Url);

    /// <summary>Pages, API endpoints and hubs; not static files and not the Blazor framework's own endpoints.</summary>
    private static List<MappedEndpoint> MappedEndpoints(EndpointDataSource source)
    {
        var result = new List<MappedEndpoint>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (pattern.StartsWith("/_blazor", StringComparison.Ordinal) || pattern.StartsWith("/_framework", StringComparison.Ordinal)
                || pattern.StartsWith("/_content", StringComparison.Ordinal) || pattern.Contains(":file}", StringComparison.Ordinal)
                || (!pattern.StartsWith("/api/", StringComparison.Ordinal) && Path.HasExtension(pattern) && !pattern.Contains('{', StringComparison.Ordinal)))
            {
                continue;
            }

            if (endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            {
                result.Add(new MappedEndpoint("PAGE " + pattern, "GET", Fill(pattern)));
                continue;
            }

            if (endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methodMetadata)
            {
                // SignalR's endpoints take any method; a client starts with POST negotiate.
                result.Add(new MappedEndpoint("HUB " + pattern, pattern.EndsWith("/negotiate", StringComparison.Ordinal) ? "POST" : "GET", Fill(pattern)));
                continue;
            }

            var methods = methodMetadata.HttpMethods;
            foreach (var method in methods.Where(m => m is not ("OPTIONS" or "HEAD" or "CONNECT")))
            {
                result.Add(new MappedEndpoint($"{method} {pattern}", method, Fill(pattern)));
            }
        }

        return result.DistinctBy(e => e.Key).ToList();
    }

    /// <summary>The pattern with its parameters filled in (ids and keys that exist nowhere: authorization comes first).</summary>
    private static string Fill(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, "\\{[^}]+\\}", match =>
            match.Value.Contains(":guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString() : "NOPE-1");
}
