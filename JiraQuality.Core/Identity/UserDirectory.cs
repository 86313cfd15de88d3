using System.Security.Claims;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Identity;

/// <summary>
/// The users list (for the command line and the Settings page) and the hub scope an admin sets per user; adding users,
/// roles and passwords are <see cref="UserAdministration"/>'s.
/// </summary>
public sealed class UserDirectory(IDbContextFactory<JiraQualityDbContext> contexts, AuditLog audit, TimeProvider time)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var people = await db.Users.AsNoTracking().OrderBy(u => u.NormalizedEmail ?? u.Email).ToListAsync(cancellationToken);
        var rolesByUser = await (
                from link in db.UserRoles.AsNoTracking()
                join r in db.Roles.AsNoTracking() on link.RoleId equals r.Id
                select new { link.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var loginsByUser = await db.UserLogins.AsNoTracking()
            .Select(l => new { l.UserId, l.LoginProvider })
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return people
            .Select(u => new UserSummary(
                u.Id,
                u.Email ?? u.UserName ?? u.Id,
                UserAdministration.RoleOf(rolesByUser.Where(r => r.UserId == u.Id).Select(r => r.Name)),
                u.Disabled,
                u.LockoutEnd is { } end && end > now,
                u.LockoutEnd is { } lockoutEnd && lockoutEnd > now ? lockoutEnd : null,
                HubScope.Normalize(u.AllowedHubs),
                loginsByUser.Where(l => l.UserId == u.Id).Select(l => l.LoginProvider).Distinct().ToList()))
            .ToList();
    }

    /// <summary>
    /// Limits a user to hubs (empty: every hub). Only an admin may; the change is audit-logged and applies to the user's
    /// next page load or API call.
    /// </summary>
    public async Task<UserSummary> SetAllowedHubsAsync(ClaimsPrincipal actor, string userId, string? allowedHubs, string? remoteAddress, CancellationToken cancellationToken = default)
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
