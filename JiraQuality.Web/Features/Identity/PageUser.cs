using System.Security.Claims;
using JiraQuality.Core.Identity;
using Microsoft.AspNetCore.Components.Authorization;
using JiraQuality.Core.Reporting;

namespace JiraQuality.Web.Features.Identity;

/// <summary>The signed-in user of an interactive page, and the page's filters narrowed to that user's hubs.</summary>
public sealed class PageUser(AuthenticationStateProvider authentication, HubScopes scopes)
{
    public async Task<ClaimsPrincipal> GetAsync() => (await authentication.GetAuthenticationStateAsync()).User;

    /// <summary>The signed-in user's allowed hubs (<see cref="HubScope"/>); null for every hub.</summary>
    public async Task<string?> AllowedHubsAsync(CancellationToken cancellationToken = default) =>
        await scopes.AllowedHubsAsync(await GetAsync(), cancellationToken);

    public async Task<MetricsFilter> ScopeAsync(MetricsFilter filter, CancellationToken cancellationToken = default) =>
        await scopes.ScopeAsync(await GetAsync(), filter, cancellationToken);
}
