using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace JiraQuality.Tests.Identity;

/// <summary>
/// Single sign-on end to end: Chromium, the real app on Kestrel and an OpenID Connect provider (OpenIddict) in the
/// test process, on both providers of our database.
/// </summary>
public sealed class SingleSignOnTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sso_users_get_their_role_from_the_group_claim_and_signing_out_ends_the_provider_session(DatabaseProvider provider)
    {
        await using var idp = await TestOidcProvider.StartAsync(
            new TestOidcUser("olga", "557058:6f1c2a0e-olga", "olga@corp.example", "Olga Lead", "qa-leads", "support-analysts"),
            new TestOidcUser("alice", "712020:alice", "alice@corp.example", "Alice Analyst", "support-analysts"),
            new TestOidcUser("mallory", "5f9a3c2b1d0e4f6a7b8c9d0e", "mallory@corp.example", "Mallory", "contractors"));
        var settings = new Dictionary<string, string?>
        {
            ["Oidc:Authority"] = idp.BaseUrl,
            ["Oidc:ClientId"] = TestOidcProvider.ClientId,
            ["Oidc:ClientSecret"] = TestOidcProvider.ClientSecret,
            ["Oidc:RoleClaim"] = "groups",
            ["Oidc:RoleMap:qa-leads"] = "admin",
            ["Oidc:RoleMap:support-analysts"] = "analyst",
            ["Oidc:RequireHttpsMetadata"] = "false",
        };
        if (provider == DatabaseProvider.Postgres)
        {
            var (server, reason) = await PostgresServer.GetAsync();
            TestEnvironment.RequireOrSkip(server is not null, $"PostgreSQL is not available: {reason}");
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:JiraQuality"] = await server!.CreateDatabaseAsync();
        }

        await using var factory = new JiraQualityAppFactory(settings);
        var baseUrl = factory.StartKestrel();
        await idp.RegisterClientAsync(baseUrl);

        // Past the first run: until a first admin exists every page leads to the first-run page, single sign-on too.
        await factory.EnsureUserAsync(Roles.Admin);
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        var page = await browser.NewAnonymousPageAsync();

        // Each step crosses two web apps; on a busy machine the first round trip is slow.
        page.SetDefaultTimeout(90_000);
        page.SetDefaultNavigationTimeout(90_000);

        // Olga: both groups; the highest mapped role wins.
        await page.GotoAsync(baseUrl + "/");
        await page.WaitForURLAsync(url => url.Contains("/account/sign-in", StringComparison.Ordinal));
        await SignInWithSsoAsync(page, idp, "olga");
        await page.WaitForURLAsync(baseUrl + "/");
        await Infrastructure.Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("#signed-in-user")).ToContainTextAsync("olga@corp.example (admin)");
        Assert.Equal(["admin"], await RolesOfAsync(factory, "olga@corp.example"));

        // Signing out ends the provider's session too: the next SSO sign-in asks the provider's form again.
        await page.Locator("#sign-out").ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(baseUrl + "/account/sign-in", StringComparison.Ordinal));
        Assert.Equal(1, idp.EndedSessions);
        await Assertions.Expect(page.Locator("#signed-in-user")).ToHaveCountAsync(0);

        await SignInWithSsoAsync(page, idp, "alice");
        await page.WaitForURLAsync(baseUrl + "/");
        await Infrastructure.Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("#signed-in-user")).ToContainTextAsync("alice@corp.example (analyst)");
        await page.Locator("#sign-out").ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(baseUrl + "/account/sign-in", StringComparison.Ordinal));
        Assert.Equal(2, idp.EndedSessions);

        // No mapped group and no default role: no access, and no account is created.
        await SignInWithSsoAsync(page, idp, "mallory");
        await page.WaitForURLAsync(baseUrl + "/account/sso-refused?reason=NoRole");
        await Assertions.Expect(page.Locator("#sso-error")).ToContainTextAsync("its 'groups' claim maps to no role");
        Assert.Null(await RolesOfAsync(factory, "mallory@corp.example"));

        // Local accounts keep working beside single sign-on.
        var local = await browser.NewAnonymousPageAsync();
        await factory.SignInPageAsync(local, baseUrl, Roles.Viewer);
        await Infrastructure.Browser.WaitForCircuitAsync(local);
        await Assertions.Expect(local.Locator("#signed-in-user")).ToContainTextAsync($"{JiraQualityAppFactory.EmailFor(Roles.Viewer)} (viewer)");

        await using var db = factory.Services.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>().CreateDbContext();
        Assert.Equal(2, await db.UserLogins.CountAsync(l => l.LoginProvider == SingleSignOnOptions.Scheme, TestContext.Current.CancellationToken));
        var audit = await db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Contains(audit, a => a is { Action: AuditActions.SignIn, Actor: "olga@corp.example", Detail: "single sign-on, role admin" });
        Assert.Contains(audit, a => a.Action == AuditActions.SignInFailed && a.Actor == "mallory@corp.example");
    }

    private static async Task SignInWithSsoAsync(IPage page, TestOidcProvider idp, string userName)
    {
        await page.Locator("#sso-sign-in").ClickAsync();
        // Only the address matters here; filling the form waits for the field itself. Waiting for the page's load
        // event as well timed out once on a busy machine.
        await page.WaitForURLAsync(url => url.StartsWith(idp.BaseUrl + "/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await page.Locator("#username").FillAsync(userName);
        await page.Locator("#idp-submit").ClickAsync();
    }

    private static async Task<IList<string>?> RolesOfAsync(JiraQualityAppFactory factory, string email)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.FindByEmailAsync(email) is { } user ? await users.GetRolesAsync(user) : null;
    }
}
