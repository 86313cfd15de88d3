using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Identity;

/// <summary>How an SSO sign-in becomes a local user and takes its role from the claim, on both providers.</summary>
public sealed class SingleSignOnUsersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SingleSignOnOptions Options(string? defaultRole = null) => new()
    {
        Authority = "https://login.example.test/tenant/v2.0",
        ClientId = "jiraquality",
        RoleClaim = "groups",
        RoleMap = new(StringComparer.OrdinalIgnoreCase) { ["qa-leads"] = "admin", ["Support Analysts"] = "analyst" },
        DefaultRole = defaultRole,
    };

    [Fact]
    public void The_highest_mapped_role_wins_and_unusable_settings_are_named()
    {
        var options = Options();
        Assert.Equal("admin", options.ResolveRole(["support analysts", "qa-leads"]));
        Assert.Equal("analyst", options.ResolveRole(["Support Analysts", "everyone"]));
        Assert.Equal("viewer", options.ResolveRole(["Viewer"]));
        Assert.Null(options.ResolveRole(["everyone"]));
        Assert.Null(options.ResolveRole([]));
        Assert.Equal("viewer", Options("viewer").ResolveRole(["everyone"]));
        Assert.Empty(options.Validate());
        Assert.Empty(new SingleSignOnOptions().Validate());

        var broken = Options("guest");
        broken.ClientId = "";
        broken.Authority = "login.example.test";
        broken.RoleMap["contractors"] = "owner";
        var problems = broken.Validate();
        Assert.Contains(problems, p => p.StartsWith("Oidc:Authority:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Oidc:ClientId:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Oidc:RoleMap:contractors:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Oidc:DefaultRole:", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Infrastructure.TestDatabase.Providers), MemberType = typeof(Infrastructure.TestDatabase))]
    public async Task The_role_follows_the_claim_at_every_sign_in_and_no_mapped_role_means_no_access(DatabaseProvider provider)
    {
        await using var identity = await IdentityServices.CreateAsync(provider);
        var sub = "712020:0f3c";

        var first = await SignInAsync(identity, Options(), new SingleSignOnIdentity(sub, "sam@corp.example", true, "Sam", ["Support Analysts"]));
        Assert.True(first.Succeeded, first.Failure);
        Assert.Equal("analyst", first.Role);
        var promoted = await SignInAsync(identity, Options(), new SingleSignOnIdentity(sub, "sam@corp.example", true, "Sam", ["qa-leads"]));
        Assert.Equal("admin", promoted.Role);
        Assert.Equal(first.User!.Id, promoted.User!.Id);
        Assert.Equal(["admin"], await RolesAsync(identity, "sam@corp.example"));

        var dropped = await SignInAsync(identity, Options(), new SingleSignOnIdentity(sub, "sam@corp.example", true, "Sam", ["everyone"]));
        Assert.False(dropped.Succeeded);
        Assert.Contains("'groups' claim maps to no role", dropped.Failure);
        Assert.Equal(SingleSignOnRefusal.NoRole, dropped.Refusal);
        Assert.Empty((await RolesAsync(identity, "sam@corp.example"))!);

        var asViewer = await SignInAsync(identity, Options("viewer"), new SingleSignOnIdentity(sub, "sam@corp.example", true, "Sam", []));
        Assert.Equal("viewer", asViewer.Role);

        var stranger = await SignInAsync(identity, Options(), new SingleSignOnIdentity("24hex00000000000000000000", "eve@corp.example", true, "Eve", []));
        Assert.False(stranger.Succeeded);
        Assert.Null(await RolesAsync(identity, "eve@corp.example"));

        var audit = await identity.AuditAsync();
        Assert.Contains(audit, a => a is { Action: AuditActions.UserCreated, Actor: "sam@corp.example" });
        Assert.Contains(audit, a => a is { Action: AuditActions.UserRoleChanged, Detail: "analyst -> admin from the single sign-on claim" });
        Assert.Equal(2, audit.Count(a => a.Action == AuditActions.SignInFailed));
    }

    [Theory]
    [MemberData(nameof(Infrastructure.TestDatabase.Providers), MemberType = typeof(Infrastructure.TestDatabase))]
    public async Task A_local_account_is_linked_only_by_a_verified_e_mail_and_a_disabled_user_is_refused(DatabaseProvider provider)
    {
        await using var identity = await IdentityServices.CreateAsync(provider);
        await identity.InScopeAsync<UserAdministration, UserAdministrationResult>(
            users => users.AddAsync("ana@corp.example", "viewer", "a long enough password", "cli", Ct));

        var unverified = await SignInAsync(identity, Options(), new SingleSignOnIdentity("sub-1", "ana@corp.example", false, "Ana", ["qa-leads"]));
        Assert.False(unverified.Succeeded);
        Assert.Contains("does not mark it verified", unverified.Failure);
        Assert.Equal(SingleSignOnRefusal.UnverifiedEmail, unverified.Refusal);
        Assert.Equal(["viewer"], await RolesAsync(identity, "ana@corp.example"));

        var verified = await SignInAsync(identity, Options(), new SingleSignOnIdentity("sub-1", "ana@corp.example", true, "Ana", ["Support Analysts"]));
        Assert.True(verified.Succeeded, verified.Failure);
        Assert.Equal(["analyst"], await RolesAsync(identity, "ana@corp.example"));
        var listed = Assert.Single(await identity.InScopeAsync<UserDirectory, IReadOnlyList<UserSummary>>(users => users.ListAsync(Ct)));
        Assert.Equal([SingleSignOnOptions.Scheme], listed.ExternalLogins);

        await identity.InScopeAsync<UserAdministration, UserAdministrationResult>(users => users.DisableAsync("ana@corp.example", "cli", Ct));
        var disabled = await SignInAsync(identity, Options(), new SingleSignOnIdentity("sub-1", "ana@corp.example", true, "Ana", ["Support Analysts"]));
        Assert.False(disabled.Succeeded);
        Assert.Equal("the user is disabled", disabled.Failure);
        Assert.Equal(SingleSignOnRefusal.Disabled, disabled.Refusal);
    }

    private static Task<SingleSignOnResult> SignInAsync(IdentityServices identity, SingleSignOnOptions options, SingleSignOnIdentity who) =>
        identity.InScopeAsync<SingleSignOnUsers, SingleSignOnResult>(sso => sso.SignInAsync(options, who, "203.0.113.7", Ct));

    private static async Task<IList<string>?> RolesAsync(IdentityServices identity, string email)
    {
        await using var scope = identity.Scope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.FindByEmailAsync(email) is { } user ? await users.GetRolesAsync(user) : null;
    }
}
