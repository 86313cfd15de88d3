using Microsoft.AspNetCore.Identity;

namespace JiraQuality.Core.Identity;

/// <summary>
/// Turns an SSO sign-in into a local Identity user: found by its login (provider + subject), or created (or linked to
/// the local account with the same provider-verified e-mail) on first sign-in; its role is set from the token's
/// claim at every sign-in, so a change at the provider takes effect at the next sign-in.
/// </summary>
public sealed class SingleSignOnUsers(
    UserManager<ApplicationUser> users,
    UserAdministration administration,
    AuditLog audit,
    TimeProvider time)
{
    public async Task<SingleSignOnResult> SignInAsync(
        SingleSignOnOptions options,
        SingleSignOnIdentity identity,
        string? remoteAddress,
        CancellationToken cancellationToken = default)
    {
        var actor = identity.Email ?? $"{SingleSignOnOptions.Scheme}:{identity.Subject}";
        var role = options.ResolveRole(identity.RoleClaimValues);
        var user = await users.FindByLoginAsync(SingleSignOnOptions.Scheme, identity.Subject);
        if (user is null && !string.IsNullOrWhiteSpace(identity.Email) && await users.FindByEmailAsync(identity.Email) is { } local)
        {
            // Linking by e-mail is safe only when the provider vouches for the address; otherwise anyone able to set
            // that address at the provider would take over the local account.
            if (!identity.EmailVerified)
            {
                return await RefuseAsync(actor, SingleSignOnRefusal.UnverifiedEmail, "a local account has this e-mail and the provider does not mark it verified", remoteAddress, cancellationToken);
            }

            user = local;
            await users.AddLoginAsync(user, new UserLoginInfo(SingleSignOnOptions.Scheme, identity.Subject, options.DisplayName));
        }

        if (user?.Disabled == true)
        {
            return await RefuseAsync(actor, SingleSignOnRefusal.Disabled, "the user is disabled", remoteAddress, cancellationToken);
        }

        if (role is null)
        {
            // No access: an existing user loses the roles an earlier sign-in gave, and no account is created.
            if (user is not null)
            {
                await administration.ReplaceRolesAsync(user, []);
            }

            return await RefuseAsync(actor, SingleSignOnRefusal.NoRole, $"the token's '{options.RoleClaim}' claim maps to no role", remoteAddress, cancellationToken);
        }

        if (user is null)
        {
            var email = string.IsNullOrWhiteSpace(identity.Email) ? null : identity.Email.Trim();
            user = new ApplicationUser
            {
                UserName = email ?? $"{SingleSignOnOptions.Scheme}-{identity.Subject}",
                Email = email,
                EmailConfirmed = email is not null && identity.EmailVerified,
                CreatedAtUtc = time.GetUtcNow().UtcDateTime,
            };
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                return await RefuseAsync(actor, SingleSignOnRefusal.AccountNotCreated, string.Join(" ", created.Errors.Select(e => e.Description)), remoteAddress, cancellationToken);
            }

            await users.AddLoginAsync(user, new UserLoginInfo(SingleSignOnOptions.Scheme, identity.Subject, options.DisplayName));
            await audit.RecordAsync(actor, AuditActions.UserCreated, actor, $"by single sign-on, role {role}", remoteAddress, cancellationToken);
        }

        var previous = UserAdministration.RoleOf(await users.GetRolesAsync(user));
        var changed = await administration.ReplaceRolesAsync(user, [role]);
        if (!changed.Succeeded)
        {
            return await RefuseAsync(actor, SingleSignOnRefusal.AccountNotCreated, string.Join(" ", changed.Errors), remoteAddress, cancellationToken);
        }

        if (previous is not null && previous != role)
        {
            await audit.RecordAsync(actor, AuditActions.UserRoleChanged, actor, $"{previous} -> {role} from the single sign-on claim", remoteAddress, cancellationToken);
        }

        await audit.RecordAsync(actor, AuditActions.SignIn, actor, $"single sign-on, role {role}", remoteAddress, cancellationToken);
        return new SingleSignOnResult(user, role, null);
    }

    private async Task<SingleSignOnResult> RefuseAsync(
        string actor,
        SingleSignOnRefusal refusal,
        string reason,
        string? remoteAddress,
        CancellationToken cancellationToken)
    {
        await audit.RecordAsync(actor, AuditActions.SignInFailed, actor, $"single sign-on refused: {reason}", remoteAddress, cancellationToken);
        return new SingleSignOnResult(null, null, reason, refusal);
    }
}
