using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Identity;

/// <summary>
/// Adds users, changes their role and disables them, with Identity's own validation and password hashing. Every
/// change is audit-logged and renews the user's security stamp, so open sessions re-check their rights.
/// </summary>
public sealed class UserAdministration(
    UserManager<ApplicationUser> users,
    RoleManager<IdentityRole> roles,
    AuditLog audit,
    TimeProvider time)
{
    private const string GeneratedPasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.!%+=";
    private const int GeneratedPasswordLength = 24;

    public async Task<UserAdministrationResult> AddAsync(
        string email,
        string role,
        string? password,
        string actor,
        CancellationToken cancellationToken = default)
    {
        var roleName = Roles.Parse(role);
        if (roleName is null)
        {
            return UserAdministrationResult.Failure("role", $"'{role}' is not a role; use one of {string.Join(", ", Roles.All)}.");
        }

        email = email.Trim();
        if (email.Length == 0)
        {
            return UserAdministrationResult.Failure("email", "An e-mail address is required.");
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            return UserAdministrationResult.Failure("email", $"A user with the e-mail '{email}' already exists.");
        }

        var generated = password is null ? await GeneratePasswordAsync() : null;
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            CreatedAtUtc = time.GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, password ?? generated!);
        if (!created.Succeeded)
        {
            return new UserAdministrationResult(created.Errors.Select(ToError).ToList());
        }

        await EnsureRoleAsync(roleName);
        var added = await users.AddToRoleAsync(user, roleName);
        if (!added.Succeeded)
        {
            await users.DeleteAsync(user);
            return new UserAdministrationResult(added.Errors.Select(ToError).ToList());
        }

        await audit.RecordAsync(actor, AuditActions.UserCreated, email, $"role {roleName}", cancellationToken: cancellationToken);
        return UserAdministrationResult.Success(generated);
    }

    /// <summary>Gives the user exactly this role (any other role is removed).</summary>
    public async Task<UserAdministrationResult> SetRoleAsync(string email, string role, string actor, CancellationToken cancellationToken = default)
    {
        var roleName = Roles.Parse(role);
        if (roleName is null)
        {
            return UserAdministrationResult.Failure("role", $"'{role}' is not a role; use one of {string.Join(", ", Roles.All)}.");
        }

        if (await users.FindByEmailAsync(email.Trim()) is not { } user)
        {
            return NoSuchUser(email);
        }

        var current = await users.GetRolesAsync(user);
        var previous = RoleOf(current);
        var changed = await ReplaceRolesAsync(user, [roleName]);
        if (!changed.Succeeded)
        {
            return changed;
        }

        await audit.RecordAsync(actor, AuditActions.UserRoleChanged, user.Email, $"{previous ?? "none"} -> {roleName}", cancellationToken: cancellationToken);
        return UserAdministrationResult.Success();
    }

    /// <summary>
    /// Marks the user disabled and renews their security stamp: sign-in is refused, open sessions end at their next
    /// check and their API tokens stop working. The row stays for the audit log.
    /// </summary>
    public async Task<UserAdministrationResult> DisableAsync(string email, string actor, CancellationToken cancellationToken = default)
    {
        if (await users.FindByEmailAsync(email.Trim()) is not { } user)
        {
            return NoSuchUser(email);
        }

        user.Disabled = true;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            return new UserAdministrationResult(updated.Errors.Select(ToError).ToList());
        }

        await users.UpdateSecurityStampAsync(user);
        await audit.RecordAsync(actor, AuditActions.UserDisabled, user.Email, cancellationToken: cancellationToken);
        return UserAdministrationResult.Success();
    }

    /// <summary>
    /// Sets the user's roles to exactly <paramref name="wanted"/> (creating missing role rows) and renews the security
    /// stamp when anything changed. Also used by single sign-on to mirror the provider's roles at each sign-in.
    /// </summary>
    public async Task<UserAdministrationResult> ReplaceRolesAsync(ApplicationUser user, IReadOnlyCollection<string> wanted)
    {
        var current = await users.GetRolesAsync(user);
        var toRemove = current.Where(r => !wanted.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
        var toAdd = wanted.Where(r => !current.Contains(r, StringComparer.OrdinalIgnoreCase)).ToList();
        if (toRemove.Count == 0 && toAdd.Count == 0)
        {
            return UserAdministrationResult.Success();
        }

        if (toRemove.Count > 0 && await users.RemoveFromRolesAsync(user, toRemove) is { Succeeded: false } removed)
        {
            return new UserAdministrationResult(removed.Errors.Select(ToError).ToList());
        }

        foreach (var role in toAdd)
        {
            await EnsureRoleAsync(role);
        }

        if (toAdd.Count > 0 && await users.AddToRolesAsync(user, toAdd) is { Succeeded: false } added)
        {
            return new UserAdministrationResult(added.Errors.Select(ToError).ToList());
        }

        // Role changes do not renew the stamp on their own; without it an open session keeps its old roles until it
        // signs in again.
        await users.UpdateSecurityStampAsync(user);
        return UserAdministrationResult.Success();
    }

    /// <summary>The one role a user holds, the highest if several; null without any.</summary>
    public static string? RoleOf(IEnumerable<string?> roleNames)
    {
        var held = roleNames.Select(Roles.Parse).Where(r => r is not null).ToHashSet();
        return Roles.All.FirstOrDefault(held.Contains);
    }

    private async Task EnsureRoleAsync(string role)
    {
        if (!await roles.RoleExistsAsync(role))
        {
            var created = await roles.CreateAsync(new IdentityRole(role));

            // Another process may have created it in the meantime; only a role that is still missing is a failure.
            if (!created.Succeeded && !await roles.RoleExistsAsync(role))
            {
                throw new InvalidOperationException($"The role '{role}' could not be created: {string.Join(" ", created.Errors.Select(e => e.Description))}");
            }
        }
    }

    /// <summary>A random password that passes every configured password validator; shown once by the caller.</summary>
    private async Task<string> GeneratePasswordAsync()
    {
        var probe = new ApplicationUser { UserName = "generated@localhost", Email = "generated@localhost" };
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var candidate = RandomNumberGenerator.GetString(GeneratedPasswordAlphabet, GeneratedPasswordLength);
            var valid = true;
            foreach (var validator in users.PasswordValidators)
            {
                valid &= (await validator.ValidateAsync(users, probe, candidate)).Succeeded;
            }

            if (valid)
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("No generated password passed the configured password rules; give one with --password-stdin.");
    }

    private static UserAdministrationResult NoSuchUser(string email) =>
        UserAdministrationResult.Failure("email", $"No user with the e-mail '{email.Trim()}'.");

    private static UserAdministrationError ToError(IdentityError error)
    {
        var field = error.Code switch
        {
            _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => "password",
            "DuplicateUserName" or "DuplicateEmail" or "InvalidEmail" or "InvalidUserName" => "email",
            "InvalidRoleName" or "DuplicateRoleName" or "UserAlreadyInRole" or "UserNotInRole" => "role",
            _ => "user",
        };
        return new UserAdministrationError(field, error.Description);
    }
}
