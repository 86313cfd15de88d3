using System.Net;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Configuration;

namespace JiraQuality.Tests.Instances;

/// <summary>
/// Two instances on one PostgreSQL database share the Data Protection key ring kept in it: what one instance protects
/// (the circuit descriptor in a rendered page, an antiforgery token) the other accepts.
/// </summary>
public sealed class SharedKeyRingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_page_rendered_by_one_instance_opens_its_circuit_on_the_other_but_not_on_a_foreign_key_ring()
    {
        var proxyPort = TwoInstances.FreePort();
        var foreignProxyPort = TwoInstances.FreePort();
        var origins = $"http://127.0.0.1:{proxyPort};http://127.0.0.1:{foreignProxyPort}";
        await using var instances = await TwoInstances.StartAsync(new Dictionary<string, string?> { ["Web:AllowedOrigins"] = origins });
        await using var browser = await Infrastructure.Browser.LaunchAsync();

        // Every page comes from A, every circuit request goes to B.
        await using (var proxy = await PagesAndCircuitsProxyAsync(proxyPort, instances.UrlA, instances.UrlB))
        {
            var (page, errors) = await OpenAsync(browser, proxy.Url, await instances.A.SignInCookieAsync(JiraQuality.Core.Identity.Roles.Viewer));
            await Infrastructure.Browser.WaitForCircuitAsync(page);
            Assert.DoesNotContain(errors, e => e.Contains("circuit", StringComparison.OrdinalIgnoreCase));
        }

        // Control: an instance with a key ring of its own (another database) cannot open A's circuit descriptor.
        var (server, _) = await PostgresServer.GetAsync();
        await using var foreign = new JiraQualityAppFactory(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:JiraQuality"] = await server!.CreateDatabaseAsync(),
            ["Web:AllowedOrigins"] = origins,
        });
        var foreignUrl = foreign.StartKestrel();
        await using (var proxy = await PagesAndCircuitsProxyAsync(foreignProxyPort, instances.UrlA, foreignUrl))
        {
            var (page, errors) = await OpenAsync(browser, proxy.Url, await instances.A.SignInCookieAsync(JiraQuality.Core.Identity.Roles.Viewer));
            await JobWaitsForErrors(errors);
            // The foreign instance cannot read A's sign-in cookie or circuit descriptor: the circuit is refused.
            Assert.NotEmpty(errors);
            Assert.Equal(0, await page.Locator("#circuit-ready").CountAsync());
        }
    }

    [Fact]
    public async Task The_documented_yarp_configuration_with_cookie_affinity_keeps_each_browser_on_one_instance()
    {
        var proxyPort = TwoInstances.FreePort();
        await using var instances = await TwoInstances.StartAsync(new Dictionary<string, string?> { ["Web:AllowedOrigins"] = $"http://127.0.0.1:{proxyPort}" });

        // The README's block as written, with its two destinations pointed at the test's instances.
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes("{" + ReadmeYarpConfiguration() + "}")))
            .Build();
        var destinations = configuration.GetSection("ReverseProxy:Clusters:jiraquality:Destinations").GetChildren().Select(d => d.Key).Order().ToList();
        Assert.Equal(["a", "b"], destinations);
        Assert.Equal("HashCookie", configuration["ReverseProxy:Clusters:jiraquality:SessionAffinity:Policy"]);
        configuration["ReverseProxy:Clusters:jiraquality:Destinations:a:Address"] = instances.UrlA + "/";
        configuration["ReverseProxy:Clusters:jiraquality:Destinations:b:Address"] = instances.UrlB + "/";
        await using var proxy = await LoopbackProxy.StartAsync(proxyPort, configuration.GetSection("ReverseProxy"));
        await using var browser = await Infrastructure.Browser.LaunchAsync();

        // Each browser gets its instance from the first response and stays on it for the page and its circuit.
        foreach (var _ in Enumerable.Range(0, 3))
        {
            await using var context = await browser.Instance.NewContextAsync();
            await context.AddCookiesAsync([SignInCookie(proxy.Url, await instances.A.SignInCookieAsync(JiraQuality.Core.Identity.Roles.Viewer))]);
            var page = await context.NewPageAsync();
            await page.GotoAsync(proxy.Url + "/jobs");
            await Infrastructure.Browser.WaitForCircuitAsync(page);
            Assert.Contains(await context.CookiesAsync(), c => c.Name == ".JiraQuality.Instance");
        }
    }

    /// <summary>The <c>"ReverseProxy": {…}</c> block of the README's "Several instances" section.</summary>
    private static string ReadmeYarpConfiguration()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "JiraQuality.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var readme = File.ReadAllText(Path.Combine(directory.FullName, "README.md"));
        var match = System.Text.RegularExpressions.Regex.Match(readme, "```json\\n(\"ReverseProxy\": \\{.*?\\n\\})\\n```", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(match.Success, "README.md has no ```json block starting with \"ReverseProxy\"");
        return match.Groups[1].Value;
    }

    private static Task<LoopbackProxy> PagesAndCircuitsProxyAsync(int port, string pages, string circuits) =>
        LoopbackProxy.StartAsync(
            port,
            [
                new RouteConfig { RouteId = "circuits", ClusterId = "circuits", Match = new RouteMatch { Path = "/_blazor/{**rest}" } },
                new RouteConfig { RouteId = "pages", ClusterId = "pages", Match = new RouteMatch { Path = "{**rest}" } },
            ],
            [LoopbackProxy.Cluster("pages", pages), LoopbackProxy.Cluster("circuits", circuits)]);

    /// <summary>The sign-in cookie (<c>name=value</c>, from a real sign-in) for a browser talking to <paramref name="url"/>.</summary>
    private static Microsoft.Playwright.Cookie SignInCookie(string url, string cookie)
    {
        var separator = cookie.IndexOf('=', StringComparison.Ordinal);
        return new Microsoft.Playwright.Cookie { Name = cookie[..separator], Value = cookie[(separator + 1)..], Url = url };
    }

    private static async Task<(Microsoft.Playwright.IPage Page, List<string> Errors)> OpenAsync(Infrastructure.Browser browser, string proxyUrl, string cookie)
    {
        var context = await browser.Instance.NewContextAsync();
        await context.AddCookiesAsync([SignInCookie(proxyUrl, cookie)]);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        await page.GotoAsync(proxyUrl + "/jobs");
        return (page, errors);
    }

    private static async Task JobWaitsForErrors(List<string> errors)
    {
        for (var i = 0; i < 300; i++)
        {
            lock (errors)
            {
                if (errors.Count > 0)
                {
                    return;
                }
            }

            await Task.Delay(100, Ct);
        }
    }

    [Fact]
    public async Task A_sign_in_and_antiforgery_token_issued_by_one_instance_are_accepted_by_the_other_and_refused_by_a_foreign_key_ring()
    {
        await using var instances = await TwoInstances.StartAsync();
        var (cookie, header, token) = await SignedInAntiforgeryAsync(instances);

        // Accepted by B: the request passes the antiforgery check and reaches the endpoint, which knows no such job.
        Assert.Equal(HttpStatusCode.NotFound, await CancelUnknownJobAsync(instances.UrlB, cookie, header, token));

        // An instance on another database has its own key ring and refuses the same token.
        // Its sign-in cookie is sealed with the same key ring, so there the caller is not even signed in.
        await using var foreign = await JiraQualityAppFactory.ForProviderAsync(Core.Storage.DatabaseProvider.Postgres);
        var foreignUrl = foreign.StartKestrel();
        await foreign.EnsureUserAsync(JiraQuality.Core.Identity.Roles.Admin);
        Assert.Equal(HttpStatusCode.Unauthorized, await CancelUnknownJobAsync(foreignUrl, cookie, header, token));
    }

    [Fact]
    public async Task The_key_ring_is_stored_in_the_database_and_encrypted_with_the_configured_certificate()
    {
        var certificate = TestCertificate.WritePfx(out var password);
        try
        {
            await using var instances = await TwoInstances.StartAsync(new Dictionary<string, string?>
            {
                ["DataProtection:CertificatePath"] = certificate,
                ["DataProtection:CertificatePassword"] = password,
            });
            var (cookie, header, token) = await SignedInAntiforgeryAsync(instances);
            Assert.Equal(HttpStatusCode.NotFound, await CancelUnknownJobAsync(instances.UrlB, cookie, header, token));

            await using var connection = new Npgsql.NpgsqlConnection(instances.ConnectionString);
            await connection.OpenAsync(Ct);
            await using var command = new Npgsql.NpgsqlCommand("SELECT xml FROM data_protection_keys", connection);
            var xml = (string?)await command.ExecuteScalarAsync(Ct);
            Assert.NotNull(xml);
            // Encrypted, the master key is an <EncryptedData> element; unencrypted, it is a <value> in clear.
            Assert.Contains("<EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(certificate);
        }
    }

    private static async Task<HttpStatusCode> CancelUnknownJobAsync(string baseUrl, string cookie, string header, string token)
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/jobs/{Guid.NewGuid()}/cancel");
        request.Headers.TryAddWithoutValidation("Origin", baseUrl);
        request.Headers.TryAddWithoutValidation("Cookie", cookie);
        request.Headers.TryAddWithoutValidation(header, token);
        using var response = await client.SendAsync(request, Ct);
        return response.StatusCode;
    }

    /// <summary>
    /// A signed-in admin's identity cookie with the antiforgery cookie and request token instance A issued for that user
    /// (antiforgery tokens are bound to the user, and cancelling a job takes a signed-in analyst or admin).
    /// </summary>
    private static async Task<(string Cookie, string HeaderName, string RequestToken)> SignedInAntiforgeryAsync(TwoInstances instances)
    {
        var identity = await instances.A.SignInCookieAsync(JiraQuality.Core.Identity.Roles.Admin);
        using var client = new HttpClient { BaseAddress = new Uri(instances.UrlA) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/sign-in");
        request.Headers.TryAddWithoutValidation("Cookie", identity);
        using var response = await client.SendAsync(request, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        var antiforgery = JiraQualityAppFactory.CookiesOf(response).Single(c => c.StartsWith(".JiraQuality.Antiforgery", StringComparison.Ordinal));
        return ($"{identity}; {antiforgery}", "RequestVerificationToken", JiraQualityAppFactory.AntiforgeryToken(html));
    }
}
