using System.Security.Cryptography;
using System.Text;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Identity;

/// <summary>Creating, validating and revoking personal API tokens, on both providers.</summary>
public sealed class ApiTokenServiceTests
{
    private const string Email = "ci@support.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Infrastructure.TestDatabase.Providers), MemberType = typeof(Infrastructure.TestDatabase))]
    public async Task A_token_is_shown_once_stored_as_its_hash_and_authenticates_its_user(DatabaseProvider provider)
    {
        await using var identity = await CreateWithUserAsync(provider);
        var tokens = Tokens(identity);

        var created = await tokens.CreateAsync(" CI@support.example ", "ci-export", 30, "cli", Ct);

        var token = Assert.IsType<CreatedApiToken>(created.Value);
        Assert.Matches("^jq_[A-Za-z0-9_-]{43}$", token.Token);
        Assert.Equal(Email, token.UserEmail);
        Assert.Equal(identity.Time.GetUtcNow().UtcDateTime.AddDays(30), token.ExpiresAtUtc);
        await using (var db = identity.Database.CreateDbContext())
        {
            var row = await db.ApiTokens.AsNoTracking().SingleAsync(Ct);
            Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token.Token))), row.Hash);
            Assert.Matches("^[0-9A-F]{64}$", row.Hash);
            Assert.Equal("ci-export", row.Name);
        }

        var valid = await tokens.ValidateAsync(token.Token, Ct);
        Assert.True(valid.Succeeded, valid.Failure);
        Assert.Equal(token.Id, valid.TokenId);
        Assert.Equal(await UserIdAsync(identity), valid.UserId);

        Assert.Equal("unknown token", (await tokens.ValidateAsync("jq_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Ct)).Failure);
        Assert.Equal("unknown token", (await tokens.ValidateAsync(token.Token[..^1] + (token.Token[^1] == 'A' ? 'B' : 'A'), Ct)).Failure);
        Assert.False((await tokens.ValidateAsync("not-a-token", Ct)).Succeeded);

        var audit = Assert.Single(await identity.AuditAsync(), a => a.Action == AuditActions.TokenCreated);
        Assert.Equal("cli", audit.Actor);
        Assert.Equal($"token {token.Id}", audit.Target);
        Assert.DoesNotContain(token.Token, audit.Detail);
    }

    [Theory]
    [MemberData(nameof(Infrastructure.TestDatabase.Providers), MemberType = typeof(Infrastructure.TestDatabase))]
    public async Task Last_use_is_written_at_most_once_a_minute(DatabaseProvider provider)
    {
        await using var identity = await CreateWithUserAsync(provider);
        var tokens = Tokens(identity);
        var token = (await tokens.CreateAsync(Email, null, null, "cli", Ct)).Value!;
        var start = identity.Time.GetUtcNow().UtcDateTime;

        Assert.Null(await LastUsedAsync(identity));
        Assert.True((await tokens.ValidateAsync(token.Token, Ct)).Succeeded);
        Assert.Equal(start, await LastUsedAsync(identity));

        identity.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.True((await tokens.ValidateAsync(token.Token, Ct)).Succeeded);
        Assert.Equal(start, await LastUsedAsync(identity));

        identity.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await tokens.ValidateAsync(token.Token, Ct)).Succeeded);
        Assert.Equal(start.AddSeconds(61), await LastUsedAsync(identity));
        Assert.Equal("active", Assert.Single((await tokens.ListAsync(null, Ct))!).State);
    }

    [Theory]
    [MemberData(nameof(Infrastructure.TestDatabase.Providers), MemberType = typeof(Infrastructure.TestDatabase))]
    public async Task Expired_revoked_and_disabled_or_locked_out_users_tokens_are_refused(DatabaseProvider provider)
    {
        await using var identity = await CreateWithUserAsync(provider);
        var tokens = Tokens(identity);
        var expiring = (await tokens.CreateAsync(Email, "short", 1, "cli", Ct)).Value!;
        var revoked = (await tokens.CreateAsync(Email, "revoked", null, "cli", Ct)).Value!;
        var lasting = (await tokens.CreateAsync(Email, "lasting", null, "cli", Ct)).Value!;

        var revocation = await tokens.RevokeAsync(revoked.Id, "cli", Ct);
        Assert.True(revocation.Succeeded);
        Assert.Equal("token revoked", (await tokens.ValidateAsync(revoked.Token, Ct)).Failure);
        var again = await tokens.RevokeAsync(revoked.Id, "cli", Ct);
        Assert.Equal("id", again.Error!.Field);
        Assert.Contains("already revoked", again.Error.Message);
        Assert.Equal("id", (await tokens.RevokeAsync(987654, "cli", Ct)).Error!.Field);

        Assert.True((await tokens.ValidateAsync(expiring.Token, Ct)).Succeeded);
        identity.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal("token expired", (await tokens.ValidateAsync(expiring.Token, Ct)).Failure);
        Assert.True((await tokens.ValidateAsync(lasting.Token, Ct)).Succeeded);
        Assert.Equal(["active", "revoked", "expired"], (await tokens.ListAsync(Email, Ct))!.Select(t => t.State));

        await using (var scope = identity.Scope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await manager.FindByEmailAsync(Email))!;
            await manager.SetLockoutEndDateAsync(user, identity.Time.GetUtcNow().AddMinutes(15));
        }

        Assert.Equal("user locked out", (await tokens.ValidateAsync(lasting.Token, Ct)).Failure);
        identity.Time.Advance(TimeSpan.FromMinutes(16));
        Assert.True((await tokens.ValidateAsync(lasting.Token, Ct)).Succeeded);

        await identity.InScopeAsync<UserAdministration, UserAdministrationResult>(users => users.DisableAsync(Email, "cli", Ct));
        Assert.Equal("user disabled", (await tokens.ValidateAsync(lasting.Token, Ct)).Failure);
        Assert.Equal("email", (await tokens.CreateAsync(Email, null, null, "cli", Ct)).Error!.Field);
        Assert.Equal("email", (await tokens.CreateAsync("nobody@support.example", null, null, "cli", Ct)).Error!.Field);
        Assert.Equal("expires-days", (await tokens.CreateAsync(Email, null, 0, "cli", Ct)).Error!.Field);
        Assert.Null(await tokens.ListAsync("nobody@support.example", Ct));

        var audit = await identity.AuditAsync();
        Assert.Equal(3, audit.Count(a => a.Action == AuditActions.TokenCreated));
        Assert.Equal($"token {revoked.Id}", Assert.Single(audit, a => a.Action == AuditActions.TokenRevoked).Target);
    }

    private static ApiTokenService Tokens(IdentityServices identity) => identity.Get<ApiTokenService>();

    private static async Task<IdentityServices> CreateWithUserAsync(DatabaseProvider provider)
    {
        var identity = await IdentityServices.CreateAsync(provider);
        var added = await identity.InScopeAsync<UserAdministration, UserAdministrationResult>(
            users => users.AddAsync(Email, "analyst", "a long enough password", "cli", Ct));
        Assert.True(added.Succeeded, string.Join("; ", added.Errors));
        return identity;
    }

    private static async Task<string> UserIdAsync(IdentityServices identity)
    {
        await using var db = identity.Database.CreateDbContext();
        return await db.Users.Where(u => u.Email == Email).Select(u => u.Id).SingleAsync(Ct);
    }

    private static async Task<DateTime?> LastUsedAsync(IdentityServices identity)
    {
        await using var db = identity.Database.CreateDbContext();
        return await db.ApiTokens.Select(t => t.LastUsedAtUtc).SingleAsync(Ct);
    }
}
