using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Time.Testing;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Identity;

public sealed class UserDirectoryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_admin_lists_users_with_role_and_status_and_sets_a_users_hubs_which_is_audited(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using (var context = db.Factory.CreateDbContext())
        {
            context.Roles.Add(new IdentityRole(Roles.Viewer) { Id = "r-viewer" });
            context.Users.AddRange(
                new ApplicationUser { Id = "u-1", UserName = "zoe@example.net", Email = "zoe@example.net" },
                new ApplicationUser { Id = "u-2", UserName = "ann@example.net", Email = "ann@example.net", Disabled = true });
            context.UserRoles.Add(new IdentityUserRole<string> { UserId = "u-1", RoleId = "r-viewer" });
            await context.SaveChangesAsync(Ct);
        }

        var directory = new UserDirectory(db.Factory, new AuditLog(db.Factory, new FakeTimeProvider(new DateTimeOffset(Now))), new FakeTimeProvider(new DateTimeOffset(Now)));

        var users = await directory.ListAsync(Ct);
        Assert.Equal(["ann@example.net", "zoe@example.net"], users.Select(u => u.Email));
        Assert.Equal(Roles.Viewer, users[1].Role);
        Assert.True(users[0].Disabled);

        var admin = PersonalDataFixtures.User("admin@example.net", Roles.Admin);
        var saved = await directory.SetAllowedHubsAsync(admin, "u-1", " Hub B, Hub A ", "10.1.1.1", Ct);
        Assert.Equal("Hub A,Hub B", saved.AllowedHubs);
        Assert.Equal("Hub A,Hub B", await new HubScopes(db.Factory).AllowedHubsAsync(
            new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new(System.Security.Claims.ClaimTypes.NameIdentifier, "u-1")], "Test")), Ct));
        Assert.Null((await directory.SetAllowedHubsAsync(admin, "u-1", "  ", null, Ct)).AllowedHubs);

        var entries = await PersonalDataFixtures.AuditEntriesAsync(db.Factory);
        Assert.Equal(2, entries.Count);
        Assert.Equal(("admin@example.net", AuditActions.UserHubsChanged, "zoe@example.net", "Hubs: Hub A,Hub B", "10.1.1.1"),
            (entries[0].Actor, entries[0].Action, entries[0].Target, entries[0].Detail, entries[0].RemoteAddress));

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => directory.SetAllowedHubsAsync(PersonalDataFixtures.User("an@example.net", Roles.Analyst), "u-1", "Hub C", null, Ct));
        Assert.Null((await directory.ListAsync(Ct))[1].AllowedHubs);
    }
}
