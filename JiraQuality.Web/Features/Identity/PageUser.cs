using System.Security.Claims;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Metrics;
using Microsoft.AspNetCore.Components.Authorization;

namespace JiraQuality.Web.Features.Identity;

/// <summary>The signed-in user of an interactive page, and the page's filters narrowed to that user's hubs.</summary>
public static class PageUser
{
    public static async Task<ClaimsPrincipal> GetAsync(IServiceProvider services) =>
        services.GetService<AuthenticationStateProvider>() is { } provider
            ? (await provider.GetAuthenticationStateAsync()).User
            : new ClaimsPrincipal(new ClaimsIdentity());

    /// <summary>The signed-in user's allowed hubs (<see cref="HubScope"/>); null for every hub.</summary>
    public static async Task<string?> AllowedHubsAsync(IServiceProvider services, CancellationToken cancellationToken = default) =>
        services.GetService<HubScopes>() is { } scopes
            ? await scopes.AllowedHubsAsync(await GetAsync(services), cancellationToken)
            : null;

    public static async Task<MetricsFilter> ScopeAsync(IServiceProvider services, MetricsFilter filter, CancellationToken cancellationToken = default) =>
        services.GetService<HubScopes>() is { } scopes
            ? await scopes.ScopeAsync(await GetAsync(services), filter, cancellationToken)
            : filter;
}
