using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Identity;

/// <summary>
/// Personal API tokens: <c>jq_</c> + base64url of 32 random bytes, shown once; only the upper-case hex SHA-256 is
/// stored (a single hash is enough for a 256-bit random secret and keeps the lookup an indexed equality). A token
/// works while it is neither revoked nor expired and its user is neither disabled nor locked out.
/// </summary>
public sealed class ApiTokenService(IDbContextFactory<JiraQualityDbContext> contexts, AuditLog audit, TimeProvider time)
{
    public const string Prefix = "jq_";
    public const int MaxExpiresDays = 3650;
    public const string DefaultName = "personal";

    /// <summary>How often a token's last-used time is written at most: a busy script must not turn every call into a write.</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private const int SecretBytes = 32;

    /// <summary>Whether a bearer value has the shape of one of our tokens (not whether it is valid).</summary>
    public static bool LooksLikeToken(string? value) =>
        value is { Length: > 3 } && value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Upper-case hex SHA-256 of the token's UTF-8 bytes, as stored in <see cref="ApiToken.Hash"/>.</summary>
    public static string HashOf(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public async Task<ApiTokenResult<CreatedApiToken>> CreateAsync(
        string email,
        string? name,
        int? expiresDays,
        string actor,
        CancellationToken cancellationToken = default)
    {
        name = string.IsNullOrWhiteSpace(name) ? DefaultName : name.Trim();
        if (name.Length > 200)
        {
            return ApiTokenResult<CreatedApiToken>.Failure("name", "A token name has at most 200 characters.");
        }

        if (expiresDays is < 1 or > MaxExpiresDays)
        {
            return ApiTokenResult<CreatedApiToken>.Failure("expires-days", $"Give a whole number of days from 1 to {MaxExpiresDays}, or leave it out for a token that does not expire.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await FindUserAsync(db, email, cancellationToken);
        if (user is null)
        {
            return ApiTokenResult<CreatedApiToken>.Failure("email", $"No user with the e-mail '{email.Trim()}'.");
        }

        if (user.Disabled)
        {
            return ApiTokenResult<CreatedApiToken>.Failure("email", $"The user '{user.Email}' is disabled; a disabled user's tokens never work.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var token = Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        var row = new ApiToken
        {
            UserId = user.Id,
            Name = name,
            Hash = HashOf(token),
            CreatedAtUtc = now,
            ExpiresAtUtc = expiresDays is { } days ? now.AddDays(days) : null,
        };
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        var expiry = row.ExpiresAtUtc is { } expires ? $"expires {expires:yyyy-MM-dd HH:mm}Z" : "does not expire";
        await audit.RecordAsync(actor, AuditActions.TokenCreated, $"token {row.Id}", $"'{name}' for {user.Email}, {expiry}", cancellationToken: cancellationToken);
        return new ApiTokenResult<CreatedApiToken>(new CreatedApiToken(row.Id, user.Email ?? user.UserName ?? user.Id, name, row.ExpiresAtUtc, token), null);
    }

    public async Task<ApiTokenResult<ApiTokenSummary>> RevokeAsync(long id, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var revoked = await db.ApiTokens.Where(t => t.Id == id && t.RevokedAtUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAtUtc, now), cancellationToken);
        var summary = (await ListCoreAsync(db, t => t.Id == id, cancellationToken)).SingleOrDefault();
        if (summary is null)
        {
            return ApiTokenResult<ApiTokenSummary>.Failure("id", $"No API token with id {id}.");
        }

        if (revoked == 0)
        {
            return ApiTokenResult<ApiTokenSummary>.Failure("id", $"The API token {id} was already revoked at {summary.RevokedAtUtc:yyyy-MM-dd HH:mm}Z.");
        }

        await audit.RecordAsync(actor, AuditActions.TokenRevoked, $"token {id}", $"'{summary.Name}' of {summary.UserEmail}", cancellationToken: cancellationToken);
        return new ApiTokenResult<ApiTokenSummary>(summary, null);
    }

    /// <summary>Every token, or one user's (null when that user does not exist), newest first.</summary>
    public async Task<IReadOnlyList<ApiTokenSummary>?> ListAsync(string? email, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (email is null)
        {
            return await ListCoreAsync(db, _ => true, cancellationToken);
        }

        var user = await FindUserAsync(db, email, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var userId = user.Id;
        return await ListCoreAsync(db, t => t.UserId == userId, cancellationToken);
    }

    /// <summary>
    /// Checks a presented token. The stored hash is found by an indexed equality and then compared again in constant
    /// time, so no timing difference depends on how much of a guess matched. Records the use at most once a minute.
    /// </summary>
    public async Task<ApiTokenValidation> ValidateAsync(string presented, CancellationToken cancellationToken = default)
    {
        if (!LooksLikeToken(presented))
        {
            return new ApiTokenValidation(null, null, "not a JiraQuality API token");
        }

        var hash = HashOf(presented);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.ApiTokens.AsNoTracking()
            .Where(t => t.Hash == hash)
            .Join(db.Users.AsNoTracking(), t => t.UserId, u => u.Id, (t, u) => new
            {
                Token = t,
                u.Disabled,
                u.LockoutEnabled,
                u.LockoutEnd,
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(found.Token.Hash), Encoding.ASCII.GetBytes(hash)))
        {
            return new ApiTokenValidation(null, null, "unknown token");
        }

        var now = time.GetUtcNow();
        var token = found.Token;
        var failure = token.RevokedAtUtc is not null ? "token revoked"
            : token.ExpiresAtUtc is { } expires && expires <= now.UtcDateTime ? "token expired"
            : found.Disabled ? "user disabled"
            : found.LockoutEnabled && found.LockoutEnd is { } end && end > now ? "user locked out"
            : null;
        if (failure is not null)
        {
            return new ApiTokenValidation(token.Id, token.UserId, failure);
        }

        if (token.LastUsedAtUtc is not { } lastUsed || now.UtcDateTime - lastUsed >= LastUsedResolution)
        {
            var usedAt = now.UtcDateTime;
            var threshold = usedAt - LastUsedResolution;

            // Conditional, so concurrent calls of one token write it once.
            await db.ApiTokens.Where(t => t.Id == token.Id && (t.LastUsedAtUtc == null || t.LastUsedAtUtc <= threshold))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAtUtc, usedAt), cancellationToken);
        }

        return new ApiTokenValidation(token.Id, token.UserId, null);
    }

    private static Task<ApplicationUser?> FindUserAsync(JiraQualityDbContext db, string email, CancellationToken cancellationToken)
    {
        var normalized = email.Trim().ToUpperInvariant();
        return db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
    }

    private async Task<List<ApiTokenSummary>> ListCoreAsync(
        JiraQualityDbContext db,
        System.Linq.Expressions.Expression<Func<ApiToken, bool>> filter,
        CancellationToken cancellationToken)
    {
        var rows = await db.ApiTokens.AsNoTracking().Where(filter)
            .Join(db.Users.AsNoTracking(), t => t.UserId, u => u.Id, (t, u) => new { Token = t, u.Email, u.UserName })
            .OrderByDescending(x => x.Token.Id)
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        return rows.Select(x => new ApiTokenSummary(
                x.Token.Id,
                x.Email ?? x.UserName ?? x.Token.UserId,
                x.Token.Name,
                x.Token.CreatedAtUtc,
                x.Token.ExpiresAtUtc,
                x.Token.RevokedAtUtc,
                x.Token.LastUsedAtUtc,
                x.Token.RevokedAtUtc is not null ? "revoked" : x.Token.ExpiresAtUtc <= now ? "expired" : "active"))
            .ToList();
    }
}
