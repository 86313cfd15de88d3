using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Identity;

/// <summary>Adding, listing, re-roling and disabling users with Identity's own rules, audit-logged, on both providers.</summary>
public sealed class UserAdministrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Infrastructure.TestDatabase.Providers), MemberType = typeof(Infrastructure.TestDatabase))]
    public async Task Added_users_sign_in_with_their_password_and_hold_one_role(DatabaseProvider provider)
    {
        await using var identity = await IdentityServices.CreateAsync(provider);

        var given = await identity.InScopeAsync<UserAdministration, UserAdministrationResult>(
            users => users.AddAsync("ana@support.example", "Analyst", "correct horse battery", "cli", Ct));
        var generated = await identity.InScopeAsync<UserAdministration, UserAdministrationResult>(
            users => users.AddAsync(" 557058.admin@corp.example ", "admin", null, "cli", Ct));

        Assert.True(given.Succeeded, string.Join("; ", given.Errors));
        Assert.Null(given.GeneratedPassword);
        Assert.True(generated.Succeeded, string.Join("; ", generated.Errors));
        Assert.NotNull(generated.GeneratedPassword);
        Assert.True(generated.GeneratedPassword.Length >= 20);

        await using (var scope = identity.Scope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var ana = await manager.FindByEmailAsync("ana@support.example");
            Assert.NotNull(ana);
            Assert.True(await manager.CheckPasswordAsync(ana, "correct horse battery"));
            Assert.False(await manager.CheckPasswordAsync(ana, "wrong horse battery"));
            Assert.Equal(["analyst"], await manager.GetRolesAsync(ana));
            var admin = await manager.FindByEmailAsync("557058.admin@corp.example");
            Assert.NotNull(admin);
            Assert.True(await manager.CheckPasswordAsync(admin, generated.GeneratedPassword));
            Assert.NotEqual(generated.GeneratedPassword, admin.PasswordHash);
        }

        var listed = await identity.InScopeAsync<UserDirectory, IReadOnlyList<UserSummary>>(users => users.ListAsync(Ct));
        Assert.Equal(["557058.admin@corp.example", "ana@support.example"], listed.Select(u => u.Email));
        Assert.Equal(["admin", "analyst"], listed.Select(u => u.Role));
        Assert.All(listed, u => Assert.False(u.Disabled || u.LockedOut));

        var audit = await identity.AuditAsync();
        Assert.Equal([AuditActions.UserCreated, AuditActions.UserCreated], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("cli", a.Actor));
        Assert.Equal("ana@support.example", audit[0].Target);
        Assert.DoesNotContain(audit, a => (a.Detail ?? "").Contains(generated.GeneratedPassword, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Infrastructure.TestDatabase.Providers), MemberType = typeof(Infrastructure.TestDatabase))]
    public async Task Bad_input_names_the_field_and_stores_nothing(DatabaseProvider provider)
    {
        await using var identity = await IdentityServices.CreateAsync(provider);
        await identity.InScopeAsync<UserAdministration, UserAdministrationResult>(
            users => users.AddAsync("viewer@support.example", "viewer", "a long enough password", "cli", Ct));

        var shortPassword = await identity.InScopeAsync<UserAdministration, UserAdministrationResult>(
            users => users.AddAsync("new@support.example", "viewer", "short", "cli", Ct));
        var duplicate = await identity.InScopeAsync<UserAdministration, UserAdministrationResult>(
            users => users.AddAsync("VIEWER@support.example", "viewer", "a long enough password", "cli", Ct));
        var badEmail = await identity.InScopeAsync<UserAdministration, UserAdministrationResult>(
            users => users.AddAsync("not an address", "viewer", "a long enough password", "cli", Ct));
        var badRole = await identity.InScopeAsync<UserAdministration, UserAdministrationResult>(
            users => users.AddAsync("new@support.example", "owner", "a long enough password", "cli", Ct));
        var unknownUser = await identity.InScopeAsync<UserAdministration, UserAdministrationResult>(
            users => users.SetRoleAsync("nobody@support.example", "admin", "cli", Ct));

        Assert.Equal("password", Assert.Single(shortPassword.Errors).Field);
        Assert.Contains("12", shortPassword.Errors[0].Message);
        Assert.Equal("email", Assert.Single(duplicate.Errors).Field);
        Assert.Contains(badEmail.Errors, e => e.Field == "email");
        Assert.Equal("role", Assert.Single(badRole.Errors).Field);
        Assert.Equal("email", Assert.Single(unknownUser.Errors).Field);
        var listed = await identity.InScopeAsync<UserDirectory, IReadOnlyList<UserSummary>>(users => users.ListAsync(Ct));
        Assert.Equal(["viewer@support.example"], listed.Select(u => u.Email));
        Assert.Single(await identity.AuditAsync());
    }

    [Theory]
    [MemberData(nameof(Infrastructure.TestDatabase.Providers), MemberType = typeof(Infrastructure.TestDatabase))]
    public async Task Changing_the_role_or_disabling_renews_the_security_stamp_and_is_audited(DatabaseProvider provider)
    {
        await using var identity = await IdentityServices.CreateAsync(provider);
        await identity.InScopeAsync<UserAdministration, UserAdministrationResult>(
            users => users.AddAsync("vic@support.example", "viewer", "a long enough password", "cli", Ct));
        var stamp0 = await StampAsync(identity);

        var promoted = await identity.InScopeAsync<UserAdministration, UserAdministrationResult>(
            users => users.SetRoleAsync("vic@support.example", "ADMIN", "cli", Ct));
        var stamp1 = await StampAsync(identity);
        var disabled = await identity.InScopeAsync<UserAdministration, UserAdministrationResult>(
            users => users.DisableAsync("vic@support.example", "cli", Ct));
        var stamp2 = await StampAsync(identity);

        Assert.True(promoted.Succeeded && disabled.Succeeded);
        Assert.NotEqual(stamp0, stamp1);
        Assert.NotEqual(stamp1, stamp2);
        var listed = Assert.Single(await identity.InScopeAsync<UserDirectory, IReadOnlyList<UserSummary>>(users => users.ListAsync(Ct)));
        Assert.Equal("admin", listed.Role);
        Assert.True(listed.Disabled);
        var audit = await identity.AuditAsync();
        Assert.Equal([AuditActions.UserCreated, AuditActions.UserRoleChanged, AuditActions.UserDisabled], audit.Select(a => a.Action));
        Assert.Equal("viewer -> admin", audit[1].Detail);
        Assert.All(audit, a => Assert.Equal("vic@support.example", a.Target));
    }

    private static async Task<string?> StampAsync(IdentityServices identity)
    {
        await using var scope = identity.Scope();
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return (await manager.FindByEmailAsync("vic@support.example"))!.SecurityStamp;
    }
}
