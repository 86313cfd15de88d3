using System.Net;
using JiraQuality.Tests.Infrastructure;

namespace JiraQuality.Tests.Web;

/// <summary>
/// A DNS-rebinding page reaches the loopback bind under its own host name: by default only loopback names are
/// answered, and a deployment names its real hosts in <c>AllowedHosts</c>.
/// </summary>
public sealed class AllowedHostsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task By_default_only_loopback_host_names_are_answered()
    {
        await using var app = new JiraQualityAppFactory();
        var baseUrl = new Uri(app.StartKestrel());
        using var client = await SignedInClientAsync(app, baseUrl);

        foreach (var host in new[] { "localhost", "127.0.0.1", "[::1]" })
        {
            Assert.Equal(HttpStatusCode.OK, await StatusForHostAsync(client, $"{host}:{baseUrl.Port}"));
        }

        Assert.Equal(HttpStatusCode.BadRequest, await StatusForHostAsync(client, $"rebind.attacker.example:{baseUrl.Port}"));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusForHostAsync(client, "192.168.1.20"));
    }

    [Fact]
    public async Task A_configured_host_name_is_answered_and_others_still_refused()
    {
        await using var app = new JiraQualityAppFactory(new Dictionary<string, string?> { ["AllowedHosts"] = "jiraquality.example.com;localhost" });
        var baseUrl = new Uri(app.StartKestrel());
        using var client = await SignedInClientAsync(app, baseUrl);

        Assert.Equal(HttpStatusCode.OK, await StatusForHostAsync(client, "jiraquality.example.com"));
        Assert.Equal(HttpStatusCode.OK, await StatusForHostAsync(client, $"localhost:{baseUrl.Port}"));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusForHostAsync(client, "127.0.0.2"));
    }

    private static async Task<HttpClient> SignedInClientAsync(JiraQualityAppFactory app, Uri baseUrl)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = baseUrl };
        client.DefaultRequestHeaders.Add("Cookie", await app.SignInCookieAsync(JiraQuality.Core.Identity.Roles.Viewer));
        return client;
    }

    private static async Task<HttpStatusCode> StatusForHostAsync(HttpClient client, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/jobs");
        request.Headers.Host = host;
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }
}
