using System.Net;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Web.Features.Identity.Account;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JiraQuality.Tests.Identity;

/// <summary>Lockout after repeated failures, disabled users, and changing one's password, posting the real forms.</summary>
public sealed class LockoutAndPasswordTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static WebApplicationFactoryClientOptions NoRedirects => new() { AllowAutoRedirect = false };

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Five_wrong_passwords_lock_the_account_and_then_even_the_right_one_is_refused(DatabaseProvider provider)
    {
        await using var factory = await JiraQualityAppFactory.ForProviderAsync(provider);
        var user = await factory.EnsureUserAsync(Roles.Viewer);
        using var client = factory.CreateAnonymousClient(NoRedirects);

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var wrong = await AccountForms.SignInAsync(client, user.Email!, "wrong password " + attempt);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Contains("The e-mail or the password is wrong.", await wrong.Content.ReadAsStringAsync(Ct));
        }

        using var fifth = await AccountForms.SignInAsync(client, user.Email!, "wrong password 5");
        Assert.Equal(HttpStatusCode.Forbidden, fifth.StatusCode);
        Assert.Contains("This account is locked", await fifth.Content.ReadAsStringAsync(Ct));

        using var right = await AccountForms.SignInAsync(client, user.Email!, JiraQualityAppFactory.TestPassword);
        Assert.Equal(HttpStatusCode.Forbidden, right.StatusCode);
        Assert.Contains("This account is locked", await right.Content.ReadAsStringAsync(Ct));
        Assert.DoesNotContain(JiraQualityAppFactory.CookiesOf(right), c => c.StartsWith(JiraQualityAppFactory.IdentityCookieName, StringComparison.Ordinal));

        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(user.Email!))!));
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>().CreateDbContextAsync(Ct);
        var failures = await db.AuditEntries.Where(e => e.Action == AuditActions.SignInFailed).Select(e => e.Detail).ToListAsync(Ct);
        Assert.Equal([.. Enumerable.Repeat("wrong e-mail or password", 4), "locked out", "locked out"], failures);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_disabled_user_cannot_sign_in_and_their_open_pages_lose_the_sign_in(DatabaseProvider provider)
    {
        await using var factory = await JiraQualityAppFactory.ForProviderAsync(provider);
        var user = await factory.EnsureUserAsync(Roles.Analyst);
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user);
        var options = factory.Services.GetRequiredService<IOptions<IdentityOptions>>().Value;
        Assert.True(await IdentityRevalidatingAuthenticationStateProvider.IsStillValidAsync(users, principal, options));

        var stored = (await users.FindByEmailAsync(user.Email!))!;
        stored.Disabled = true;
        Assert.True((await users.UpdateAsync(stored)).Succeeded);

        Assert.False(await IdentityRevalidatingAuthenticationStateProvider.IsStillValidAsync(users, principal, options));
        using var client = factory.CreateAnonymousClient(NoRedirects);
        using var refused = await AccountForms.SignInAsync(client, user.Email!, JiraQualityAppFactory.TestPassword);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("This account is disabled.", await refused.Content.ReadAsStringAsync(Ct));
        var signInManager = scope.ServiceProvider.GetRequiredService<SignInManager<ApplicationUser>>();
        Assert.Null(await signInManager.ValidateSecurityStampAsync(principal));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Changing_the_password_needs_the_current_one_and_is_audited(DatabaseProvider provider)
    {
        await using var factory = await JiraQualityAppFactory.ForProviderAsync(provider);
        using var client = await factory.CreateClientForAsync(Roles.Viewer, NoRedirects);
        const string newPassword = "a new and longer passphrase";

        using var wrong = await AccountForms.PostAsync(client, "/account/change-password", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = "not my password",
            ["Input.NewPassword"] = newPassword,
            ["Input.ConfirmPassword"] = newPassword,
        });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("The current password is wrong.", await wrong.Content.ReadAsStringAsync(Ct));

        using var changed = await AccountForms.PostAsync(client, "/account/change-password", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = JiraQualityAppFactory.TestPassword,
            ["Input.NewPassword"] = newPassword,
            ["Input.ConfirmPassword"] = newPassword,
        });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("id=\"password-changed\"", await changed.Content.ReadAsStringAsync(Ct));

        using var anonymous = factory.CreateAnonymousClient(NoRedirects);
        using var oldPassword = await AccountForms.SignInAsync(anonymous, JiraQualityAppFactory.EmailFor(Roles.Viewer), JiraQualityAppFactory.TestPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        using var newOne = await AccountForms.SignInAsync(factory.CreateAnonymousClient(NoRedirects), JiraQualityAppFactory.EmailFor(Roles.Viewer), newPassword);
        Assert.Equal(HttpStatusCode.Found, newOne.StatusCode);

        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>().CreateDbContextAsync(Ct);
        Assert.Single(await db.AuditEntries.Where(e => e.Action == AuditActions.PasswordChanged && e.Actor == "viewer@example.test").ToListAsync(Ct));
    }

    [Fact]
    public async Task A_signed_in_viewer_is_refused_an_admin_page_and_an_admin_endpoint()
    {
        await using var factory = new JiraQualityAppFactory();
        using var viewer = await factory.CreateClientForAsync(Roles.Viewer, NoRedirects);

        using var page = await viewer.GetAsync("/settings", Ct);
        Assert.Equal(HttpStatusCode.Found, page.StatusCode);
        Assert.Equal("/account/access-denied", new Uri(viewer.BaseAddress!, page.Headers.Location!).AbsolutePath);
        using var denied = await viewer.GetAsync(page.Headers.Location, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("Your role may not open this page.", await denied.Content.ReadAsStringAsync(Ct));

        using var api = await viewer.GetAsync("/api/settings/agent-directory.csv", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Null(api.Headers.Location);
    }
}
