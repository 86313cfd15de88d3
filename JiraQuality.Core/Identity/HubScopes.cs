using System.Security.Claims;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Identity;

/// <summary>
/// Finds a signed-in user's hubs. Read from the user's row on every ask, so an admin's change applies to the next
/// page load or API call without signing the user out.
/// </summary>
public sealed class HubScopes(IDbContextFactory<JiraQualityDbContext> contexts)
{
    /// <summary>The user's allowed hubs, normalised; null for every hub (no scope, or no local user behind the principal).</summary>
    public async Task<string?> AllowedHubsAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirst(ClaimTypes.NameIdentifier)?.Value is not { Length: > 0 } id)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var hubs = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.AllowedHubs).FirstOrDefaultAsync(cancellationToken);
        return HubScope.Normalize(hubs);
    }

    /// <summary>The filter narrowed to the user's hubs: the one step every page and endpoint takes before a query.</summary>
    public async Task<MetricsFilter> ScopeAsync(ClaimsPrincipal user, MetricsFilter filter, CancellationToken cancellationToken = default) =>
        filter with { AllowedHubs = await AllowedHubsAsync(user, cancellationToken) };
}
