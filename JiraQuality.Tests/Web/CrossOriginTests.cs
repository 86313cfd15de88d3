using System.Net;
using System.Net.WebSockets;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Jobs;
using JiraQuality.Tests.Jobs;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using JiraQuality.Web.Features.Jobs;

namespace JiraQuality.Tests.Web;

/// <summary>
/// A page on another origin drives the visitor's browser against the app on a real loopback port: it may neither
/// cancel a job nor listen on the hubs, even when the visitor is signed in. Scripts without an Origin keep working once signed in.
/// </summary>
public sealed class CrossOriginTests
{
    private const string Attacker = "http://attacker.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cross_origin_cancel_is_refused_and_the_job_keeps_running()
    {
        await using var factory = new JobsAppFactory(new JobScript());
        var baseUrl = factory.StartKestrel();
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(baseUrl) };
        var running = await StartBlockedJobAsync(factory);
        // The visitor is signed in: their browser sends the sign-in cookie with whatever a page makes it send.
        var signIn = await factory.SignInCookieAsync(Roles.Admin);

        Assert.Equal(HttpStatusCode.Forbidden, await CancelAsync(client, running.Id, ("Origin", Attacker), ("Cookie", signIn)));
        Assert.Equal(HttpStatusCode.Forbidden, await CancelAsync(client, running.Id, ("Origin", "null"), ("Cookie", signIn)));
        Assert.Equal(HttpStatusCode.Forbidden, await CancelAsync(client, running.Id, ("Origin", "http://127.0.0.1:1"), ("Cookie", signIn)));
        Assert.Equal(HttpStatusCode.Forbidden, await CancelAsync(client, running.Id, ("Sec-Fetch-Site", "cross-site"), ("Cookie", signIn)));
        Assert.Equal(JobStates.Running, (await factory.Queue.GetAsync(running.Id, Ct))!.State);

        // The app's own page still needs the antiforgery token.
        Assert.Equal(HttpStatusCode.BadRequest, await CancelAsync(client, running.Id, ("Origin", baseUrl), ("Cookie", signIn)));
        Assert.Equal(JobStates.Running, (await factory.Queue.GetAsync(running.Id, Ct))!.State);

        var (cookie, header, requestToken) = await AntiforgeryTokensAsync(factory, Roles.Admin);
        Assert.Equal(HttpStatusCode.Accepted, await CancelAsync(client, running.Id, ("Origin", baseUrl), ("Cookie", signIn + "; " + cookie), (header, requestToken)));
        await JobWaits.UntilAsync(() => factory.Queue.GetAsync(running.Id, Ct).Result?.State == JobStates.Cancelled, "the cancellation");
    }

    [Fact]
    public async Task A_script_without_an_origin_cancels_as_before_once_signed_in()
    {
        await using var factory = new JobsAppFactory(new JobScript());
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(factory.StartKestrel()) };
        var running = await StartBlockedJobAsync(factory);
        await factory.EnsureUserAsync(Roles.Analyst);

        Assert.Equal(HttpStatusCode.Unauthorized, await CancelAsync(client, running.Id));
        var (cookie, header, requestToken) = await AntiforgeryTokensAsync(factory, Roles.Admin);
        Assert.Equal(HttpStatusCode.Accepted, await CancelAsync(client, running.Id, ("Cookie", await factory.SignInCookieAsync(Roles.Admin) + "; " + cookie), (header, requestToken)));
        await JobWaits.UntilAsync(() => factory.Queue.GetAsync(running.Id, Ct).Result?.State == JobStates.Cancelled, "the cancellation");
    }

    [Fact]
    public async Task The_jobs_hub_refuses_other_origins_over_negotiation_and_plain_websockets()
    {
        await using var factory = new JobsAppFactory(new JobScript());
        var baseUrl = factory.StartKestrel();

        var signIn = await factory.SignInCookieAsync(Roles.Viewer);
        await using (var negotiated = Hub(baseUrl, Attacker, skipNegotiation: false, signIn))
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => negotiated.StartAsync(Ct));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var socket = new ClientWebSocket())
        {
            socket.Options.SetRequestHeader("Origin", Attacker);
            socket.Options.CollectHttpResponseDetails = true;
            var wsUrl = new Uri(baseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + JobsHub.Path);
            await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(wsUrl, Ct));
            Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
        }

        // The app's own pages and monitors without an Origin (the .NET client, scripts) connect.
        foreach (var origin in new string?[] { baseUrl, null })
        {
            await using var allowed = Hub(baseUrl, origin, skipNegotiation: true, signIn);
            await allowed.StartAsync(Ct);
            Assert.Empty(await allowed.InvokeAsync<IReadOnlyList<JobMessage>>("GetActiveJobs", Ct));
        }
    }

    [Fact]
    public async Task The_blazor_circuit_endpoint_refuses_other_origins()
    {
        await using var factory = new JobsAppFactory(new JobScript());
        var baseUrl = factory.StartKestrel();
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Add("Cookie", await factory.SignInCookieAsync(Roles.Viewer));

        Assert.Equal(HttpStatusCode.Forbidden, await PostAsync(client, "/_blazor/negotiate?negotiateVersion=1", ("Origin", Attacker)));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(client, "/_blazor/negotiate?negotiateVersion=1", ("Origin", baseUrl)));
    }

    [Fact]
    public async Task A_configured_origin_may_use_the_hub()
    {
        const string dashboard = "https://dash.example.com";
        await using var factory = new JobsAppFactory(new JobScript(), new Dictionary<string, string?> { ["Web:AllowedOrigins"] = dashboard + "; https://other.example.com" });
        var baseUrl = factory.StartKestrel();

        var signIn = await factory.SignInCookieAsync(Roles.Viewer);
        await using var allowed = Hub(baseUrl, dashboard, skipNegotiation: false, signIn);
        await allowed.StartAsync(Ct);
        await using var refused = Hub(baseUrl, "https://dash.example.com:8443", skipNegotiation: false, signIn);
        await Assert.ThrowsAsync<HttpRequestException>(() => refused.StartAsync(Ct));
    }

    private static HubConnection Hub(string baseUrl, string? origin, bool skipNegotiation, string signInCookie) =>
        new HubConnectionBuilder().WithUrl(baseUrl + JobsHub.Path, options =>
        {
            options.Headers["Cookie"] = signInCookie;
            if (origin is not null)
            {
                options.Headers["Origin"] = origin;
            }

            if (skipNegotiation)
            {
                options.SkipNegotiation = true;
                options.Transports = HttpTransportType.WebSockets;
            }
        }).Build();

    private static async Task<JobSnapshot> StartBlockedJobAsync(JobsAppFactory factory)
    {
        var running = await factory.Queue.EnqueueAsync(RunnerHarness.Request(TestKindBHandler.KindName, "import"), Ct);
        await JobWaits.UntilAsync(() => factory.Script.Running(TestKindBHandler.KindName) == 1, "the job to start");
        return running;
    }

    private static Task<HttpStatusCode> CancelAsync(HttpClient client, Guid id, params (string Name, string Value)[] headers) =>
        PostAsync(client, $"/api/jobs/{id}/cancel", headers);

    private static async Task<HttpStatusCode> PostAsync(HttpClient client, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }

    /// <summary>A token pair as the app's own page would hold it for the signed-in user: the cookie and the request token.</summary>
    private static async Task<(string Cookie, string HeaderName, string RequestToken)> AntiforgeryTokensAsync(JobsAppFactory factory, string role)
    {
        var services = factory.Services;
        var user = await factory.EnsureUserAsync(role);
        await using var scope = services.CreateAsyncScope();
        var principal = await scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>().CreateUserPrincipalAsync(user);
        var context = new DefaultHttpContext { RequestServices = services, User = principal };
        var tokens = services.GetRequiredService<IAntiforgery>().GetTokens(context);
        var cookieName = services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name!;
        return ($"{cookieName}={tokens.CookieToken}", tokens.HeaderName!, tokens.RequestToken!);
    }
}
