using System.Security.Cryptography;
using System.Text;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Web.Features.Identity.FirstRun;

/// <summary>
/// The first start: while the user table is empty the app serves only the first-run page, which creates the first
/// admin. It may be used from the server itself, or from elsewhere with a one-time setup code that is printed to the
/// console once at start, compared in constant time, and forgotten as soon as the admin exists.
/// </summary>
public sealed class FirstRunSetup(IDbContextFactory<JiraQualityDbContext> contexts, IServiceScopeFactory scopes, AuditLog audit, ILogger<FirstRunSetup> logger)
{
    public const string Path = "/first-run";

    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private readonly SemaphoreSlim _creating = new(1, 1);
    private volatile bool _hasUsers;
    private byte[]? _codeHash;

    /// <summary>True until a user exists (checked in the database until then, so a user added on the command line counts too).</summary>
    public async Task<bool> IsPendingAsync(CancellationToken cancellationToken = default)
    {
        if (_hasUsers)
        {
            return false;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Users.AnyAsync(cancellationToken))
        {
            Finish();
            return false;
        }

        return true;
    }

    /// <summary>Makes the setup code and prints it, when no user exists yet. Called once at start.</summary>
    public async Task AnnounceAsync(CancellationToken cancellationToken)
    {
        if (!await IsPendingAsync(cancellationToken))
        {
            return;
        }

        var code = string.Join('-', Enumerable.Range(0, 3).Select(_ => RandomNumberGenerator.GetString(CodeAlphabet, 4)));
        _codeHash = Hash(code);
        // The one place the code appears; it only lets someone create the first admin, and is void once one exists.
        logger.LogWarning(
            "No user exists yet. Create the first admin at {Path}: from this machine as is, from elsewhere with the one-time setup code {SetupCode}",
            Path,
            code);
    }

    /// <summary>True when <paramref name="code"/> is the setup code still in force (dashes, spaces and case ignored).</summary>
    public bool CodeMatches(string? code) =>
        _codeHash is { } expected && !string.IsNullOrWhiteSpace(code) && CryptographicOperations.FixedTimeEquals(Hash(code), expected);

    /// <summary>
    /// The request comes from the server itself: a loopback address and no proxy header (behind a reverse proxy on the
    /// same machine every request would look local, so forwarded requests need the code).
    /// </summary>
    public static bool IsLocal(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address
        && System.Net.IPAddress.IsLoopback(address)
        && !context.Request.Headers.ContainsKey("X-Forwarded-For")
        && !context.Request.Headers.ContainsKey("Forwarded")
        && !context.Request.Headers.ContainsKey("X-Real-IP");

    /// <summary>Creates the first admin (and the three roles); fails when a user exists by then.</summary>
    public async Task<IReadOnlyList<string>> CreateAdminAsync(string email, string password, string? remoteAddress, CancellationToken cancellationToken)
    {
        await _creating.WaitAsync(cancellationToken);
        try
        {
            if (!await IsPendingAsync(cancellationToken))
            {
                return ["An administrator already exists. Sign in instead."];
            }

            await using var scope = scopes.CreateAsyncScope();
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in Roles.All)
            {
                if (!await roles.RoleExistsAsync(role))
                {
                    await roles.CreateAsync(new IdentityRole(role));
                }
            }

            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
            {
                return created.Errors.Select(e => e.Description).ToList();
            }

            var inRole = await users.AddToRoleAsync(user, Roles.Admin);
            if (!inRole.Succeeded)
            {
                await users.DeleteAsync(user);
                return inRole.Errors.Select(e => e.Description).ToList();
            }

            await audit.RecordAsync("first-run", AuditActions.UserCreated, target: email, detail: "first admin", remoteAddress: remoteAddress, cancellationToken: cancellationToken);
            logger.LogInformation("Created the first admin {Email}", email);
            Finish();
            return [];
        }
        finally
        {
            _creating.Release();
        }
    }

    private void Finish()
    {
        _hasUsers = true;
        _codeHash = null;
    }

    private static byte[] Hash(string code) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(new string(code.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray())));
}
