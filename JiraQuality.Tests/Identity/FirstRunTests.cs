using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Web.Features.Identity.FirstRun;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Tests.Identity;

/// <summary>The first start on an empty user table: only the first-run page is served until it creates an admin.</summary>
public sealed class FirstRunTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static WebApplicationFactoryClientOptions NoRedirects => new() { AllowAutoRedirect = false };

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Until_an_admin_exists_only_the_first_run_page_and_the_machine_endpoints_answer(DatabaseProvider provider)
    {
        await using var factory = await FirstRunAppFactory.StartingEmptyAsync(provider);
        using var client = factory.CreateAnonymousClient(NoRedirects);

        foreach (var path in new[] { "/", "/conversations", "/settings", "/account/sign-in" })
        {
            using var page = await client.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.Found, page.StatusCode);
            Assert.Equal("/first-run", Path(page));
        }

        using var api = await client.GetAsync("/api/metrics", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Contains("/first-run", await api.Content.ReadAsStringAsync(Ct));
        // The cron endpoint keeps its own check: a missing secret is its 401, not the first-run answer.
        using var cron = await client.GetAsync("/api/cron/refresh", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, cron.StatusCode);
        using var styles = await client.GetAsync("/app.css", Ct);
        Assert.Equal(HttpStatusCode.OK, styles.StatusCode);

        var code = factory.SetupCode();
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$", code);

        // Not on the server itself (the in-process server has no remote address): the code is asked for.
        using var wrongCode = await CreateAdminAsync(client, "WRNG-CODE-0000");
        Assert.Equal(HttpStatusCode.Forbidden, wrongCode.StatusCode);
        Assert.Contains("The setup code is wrong.", await wrongCode.Content.ReadAsStringAsync(Ct));
        Assert.True(await factory.Services.GetRequiredService<FirstRunSetup>().IsPendingAsync(Ct));

        using var created = await CreateAdminAsync(client, code.ToLowerInvariant());
        Assert.Equal(HttpStatusCode.Found, created.StatusCode);
        Assert.Equal("/", Path(created));
        var cookie = Assert.Single(JiraQualityAppFactory.CookiesOf(created), c => c.StartsWith(JiraQualityAppFactory.IdentityCookieName + "=", StringComparison.Ordinal));

        // The admin is signed in, the code is gone, and the first-run page now sends people to sign in.
        using var admin = factory.CreateAnonymousClient(NoRedirects);
        admin.DefaultRequestHeaders.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/settings", Ct)).StatusCode);
        var setup = factory.Services.GetRequiredService<FirstRunSetup>();
        Assert.False(setup.CodeMatches(code));
        using var again = await client.GetAsync("/first-run", Ct);
        Assert.Equal(HttpStatusCode.Found, again.StatusCode);
        Assert.Equal("/account/sign-in", Path(again));
        using var stranger = factory.CreateAnonymousClient(NoRedirects);
        using var anonymousPage = await stranger.GetAsync("/", Ct);
        Assert.Equal("/account/sign-in", Path(anonymousPage));

        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var first = await users.FindByEmailAsync("owner@example.org");
        Assert.Equal([Roles.Admin], await users.GetRolesAsync(first!));
        Assert.Single(factory.Logs, line => line.Contains(code, StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_the_server_itself_no_code_is_needed_but_a_forwarded_request_needs_one()
    {
        await using var factory = new FirstRunAppFactory();
        var baseUrl = factory.StartKestrel();
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };

        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/first-run");
        forwarded.Headers.Add("X-Forwarded-For", "203.0.113.9");
        var proxied = await (await client.SendAsync(forwarded, Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("Input.SetupCode", proxied);
        var local = await client.GetStringAsync("/first-run", Ct);
        Assert.DoesNotContain("Input.SetupCode", local);

        using var created = await CreateAdminAsync(client, setupCode: null);
        Assert.Equal(HttpStatusCode.Found, created.StatusCode);
        Assert.False(await factory.Services.GetRequiredService<FirstRunSetup>().IsPendingAsync(Ct));
    }

    private static string Path(HttpResponseMessage redirect) => new Uri(new Uri("http://localhost"), redirect.Headers.Location!).AbsolutePath;

    private static Task<HttpResponseMessage> CreateAdminAsync(HttpClient client, string? setupCode)
    {
        var fields = new Dictionary<string, string>
        {
            ["Input.Email"] = "owner@example.org",
            ["Input.Password"] = "first admin passphrase",
            ["Input.ConfirmPassword"] = "first admin passphrase",
        };
        if (setupCode is not null)
        {
            fields["Input.SetupCode"] = setupCode;
        }

        return AccountForms.PostAsync(client, "/first-run", "first-run", fields);
    }

    /// <summary>The app with its log lines kept, so the test reads the setup code where an operator would.</summary>
    private sealed class FirstRunAppFactory(IDictionary<string, string?>? settings = null) : JiraQualityAppFactory(settings)
    {
        public ConcurrentQueue<string> Logs { get; } = new();

        public static async Task<FirstRunAppFactory> StartingEmptyAsync(DatabaseProvider provider)
        {
            var settings = new Dictionary<string, string?> { ["Refresh:CronSecret"] = "cron secret for the test" };
            if (provider == DatabaseProvider.Postgres)
            {
                var (server, reason) = await PostgresServer.GetAsync();
                TestEnvironment.RequireOrSkip(server is not null, $"PostgreSQL is not available: {reason}");
                settings["Database:Provider"] = "Postgres";
                settings["ConnectionStrings:JiraQuality"] = await server!.CreateDatabaseAsync();
            }

            return new FirstRunAppFactory(settings);
        }

        public string SetupCode()
        {
            _ = Services;
            var line = Logs.FirstOrDefault(l => l.Contains("setup code", StringComparison.Ordinal)) ?? throw new InvalidOperationException("No setup code was logged.");
            return Regex.Match(line, "[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}").Value;
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Logs)));
        }
    }
}
