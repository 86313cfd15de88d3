using System.Net;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Identity;

/// <summary>Cookie sign-in and sign-out over HTTP, posting the real forms, on both providers.</summary>
public sealed class SignInTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_page_sends_an_anonymous_visitor_to_sign_in_and_the_api_answers_401(DatabaseProvider provider)
    {
        await using var factory = await JiraQualityAppFactory.ForProviderAsync(provider);
        await factory.EnsureUserAsync(Roles.Admin);
        using var anonymous = factory.CreateAnonymousClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var page = await anonymous.GetAsync("/conversations?window=7d", Ct);
        Assert.Equal(HttpStatusCode.Found, page.StatusCode);
        Assert.Equal("/account/sign-in?ReturnUrl=%2Fconversations%3Fwindow%3D7d", page.Headers.Location!.PathAndQuery);

        using var api = await anonymous.GetAsync("/api/metrics", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Null(api.Headers.Location);

        using var signedIn = await factory.CreateClientForAsync(Roles.Viewer, new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/api/metrics", Ct)).StatusCode);
        var html = await signedIn.GetStringAsync("/conversations", Ct);
        Assert.Contains("viewer@example.test", html);
        Assert.Contains("id=\"sign-out\"", html);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Signing_in_and_out_is_audited_and_a_wrong_password_is_refused(DatabaseProvider provider)
    {
        await using var factory = await JiraQualityAppFactory.ForProviderAsync(provider);
        await factory.EnsureUserAsync(Roles.Analyst);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => factory.SignInAsync(Roles.Analyst, JiraQualityAppFactory.EmailFor(Roles.Analyst), "not the password at all"));
        Assert.Contains("401", failure.Message);
        Assert.Contains("The e-mail or the password is wrong.", failure.Message);

        using var client = await factory.CreateClientForAsync(Roles.Analyst, new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var html = await client.GetStringAsync("/jobs", Ct);
        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/account/sign-out")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = JiraQualityAppFactory.AntiforgeryToken(html), ["ReturnUrl"] = "" }),
        };
        using var signedOut = await client.SendAsync(signOut, Ct);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal("/account/sign-in", signedOut.Headers.Location!.OriginalString);
        Assert.Contains(JiraQualityAppFactory.CookiesOf(signedOut), c => c == JiraQualityAppFactory.IdentityCookieName + "=");

        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>().CreateDbContextAsync(Ct);
        var audit = await db.AuditEntries.OrderBy(e => e.Id).Select(e => new { e.Actor, e.Action }).ToListAsync(Ct);
        Assert.Equal(
            [("analyst@example.test", AuditActions.SignInFailed), ("analyst@example.test", AuditActions.SignIn), ("analyst@example.test", AuditActions.SignOut)],
            audit.Select(a => (a.Actor, a.Action)));
    }
}
