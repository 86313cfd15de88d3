using System.Net;
using System.Net.Http.Headers;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using JiraQuality.Web.Features.Jobs;

namespace JiraQuality.Tests.Identity;

/// <summary><c>Authorization: Bearer</c> with personal API tokens on the real app, on both providers.</summary>
public sealed class ApiTokenAuthenticationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_bearer_token_acts_as_its_user_with_that_users_role_until_revoked_or_disabled(DatabaseProvider provider)
    {
        await using var factory = await JiraQualityAppFactory.ForProviderAsync(provider);
        var baseUrl = factory.StartKestrel();
        await factory.EnsureUserAsync(Roles.Viewer);
        await factory.EnsureUserAsync(Roles.Analyst);
        var tokens = factory.Services.GetRequiredService<ApiTokenService>();
        var viewer = (await tokens.CreateAsync(JiraQualityAppFactory.EmailFor(Roles.Viewer), "dashboard", null, "test", Ct)).Value!;
        var analyst = (await tokens.CreateAsync(JiraQualityAppFactory.EmailFor(Roles.Analyst), "export", null, "test", Ct)).Value!;
        using var client = factory.CreateAnonymousClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(client, "/api/metrics", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/api/metrics", viewer.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/api/conversations", viewer.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(client, "/api/scoring/analysis.csv", viewer.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/api/scoring/analysis.csv", analyst.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(client, "/api/settings/agent-directory.csv", analyst.Token)).StatusCode);

        // A wrong token is 401 with the bearer challenge, on the API and on pages (never a redirect to the sign-in page).
        var wrong = "jq_" + new string('A', 43);
        foreach (var path in new[] { "/api/metrics", "/" })
        {
            using var refused = await GetAsync(client, path, wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Bearer", Assert.Single(refused.Headers.WwwAuthenticate).Scheme);
            Assert.Contains("invalid_token", refused.Headers.WwwAuthenticate.ToString());
        }

        using (var page = await GetAsync(client, "/", viewer.Token))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        // The query-string token is for the hub only, where WebSockets cannot send headers.
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(client, "/api/metrics?access_token=" + viewer.Token, null)).StatusCode);
        using (var negotiate = await client.PostAsync($"{JobsHub.Path}/negotiate?negotiateVersion=1&access_token={viewer.Token}", null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        }

        using (var anonymousNegotiate = await client.PostAsync($"{JobsHub.Path}/negotiate?negotiateVersion=1", null, Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymousNegotiate.StatusCode);
        }

        await using (var hub = new HubConnectionBuilder()
            .WithUrl(baseUrl + JobsHub.Path, options => options.AccessTokenProvider = () => Task.FromResult<string?>(viewer.Token))
            .Build())
        {
            await hub.StartAsync(Ct);
            Assert.Equal(HubConnectionState.Connected, hub.State);
        }

        Assert.True((await tokens.RevokeAsync(viewer.Id, "test", Ct)).Succeeded);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(client, "/api/metrics", viewer.Token)).StatusCode);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var disabled = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
                .DisableAsync(JiraQualityAppFactory.EmailFor(Roles.Analyst), "test", Ct);
            Assert.True(disabled.Succeeded);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(client, "/api/scoring/analysis.csv", analyst.Token)).StatusCode);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await client.SendAsync(request, Ct);
    }
}
