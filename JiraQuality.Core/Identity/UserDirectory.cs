using System.Security.Claims;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Identity;

/// <summary>One user as the Settings page lists them.</summary>
public sealed record UserAccessSummary(string Id, string Email, IReadOnlyList<string> Roles, bool Disabled, string? AllowedHubs);

/// <summary>The users list and the hub scope an admin sets per user (the command line manages the rest).</summary>
public sealed class UserDirectory(IDbContextFactory<JiraQualityDbContext> contexts, AuditLog audit)
{
    public async Task<IReadOnlyList<UserAccessSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var roles = await (from link in db.UserRoles
                           join role in db.Roles on link.RoleId equals role.Id
                           select new { link.UserId, role.Name }).ToListAsync(cancellationToken);
        return users.Select(u => new UserAccessSummary(
                u.Id,
                u.Email ?? u.UserName ?? u.Id,
                roles.Where(r => r.UserId == u.Id && r.Name is not null).Select(r => r.Name!).Order(StringComparer.Ordinal).ToList(),
                u.Disabled,
                HubScope.Normalize(u.AllowedHubs)))
            .ToList();
    }

    /// <summary>
    /// Limits a user to hubs (empty: every hub). Only an admin may; the change is audit-logged and applies to the user's
    /// next page load or API call.
    /// </summary>
    public async Task<UserAccessSummary> SetAllowedHubsAsync(ClaimsPrincipal actor, string userId, string? allowedHubs, string? remoteAddress, CancellationToken cancellationToken = default)
    {
        if (actor.Identity?.IsAuthenticated != true || !actor.IsInRole(Roles.Admin))
        {
            throw new UnauthorizedAccessException("Only an admin may change a user's hubs.");
        }

        var hubs = HubScope.Normalize(allowedHubs);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, cancellationToken)
                ?? throw new ArgumentException($"No user has the id '{userId}'.", nameof(userId));
            user.AllowedHubs = hubs;
            await db.SaveChangesAsync(cancellationToken);
            await audit.RecordAsync(
                PersonalDataAccess.ActorOf(actor),
                AuditActions.UserHubsChanged,
                user.Email ?? user.UserName,
                hubs is null ? "Every hub" : $"Hubs: {hubs}",
                remoteAddress,
                cancellationToken);
        }

        return (await ListAsync(cancellationToken)).Single(u => u.Id == userId);
    }
}
