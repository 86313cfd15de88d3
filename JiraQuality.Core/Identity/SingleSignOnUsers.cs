using Microsoft.AspNetCore.Identity;

namespace JiraQuality.Core.Identity;

/// <summary>
/// Single sign-on settings (<c>Oidc:*</c>). SSO is on only when <see cref="Authority"/> is set; local accounts keep
/// working beside it.
/// </summary>
public sealed class SingleSignOnOptions
{
    public const string SectionName = "Oidc";

    /// <summary>The authentication scheme and the login-provider name stored with each SSO user.</summary>
    public const string Scheme = "oidc";

    /// <summary>The OpenID Connect provider, e.g. <c>https://login.microsoftonline.com/&lt;tenant&gt;/v2.0</c>; empty: SSO off.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>From the environment (<c>Oidc__ClientSecret</c>), never from a committed file; never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Scopes asked for besides <c>openid</c>, separated by spaces.</summary>
    public string Scopes { get; set; } = "openid profile email";

    /// <summary>The token claim that carries the role or the groups, e.g. <c>roles</c> (Entra ID app roles) or <c>groups</c>.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Claim value (a group or an app role) → our role. A value that is itself a role name maps to that role.</summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The role of an SSO user whose token maps to no role: empty (no access, the default) or <c>viewer</c>.</summary>
    public string? DefaultRole { get; set; }

    /// <summary>Text of the sign-in page's button: "Sign in with {DisplayName}".</summary>
    public string DisplayName { get; set; } = "SSO";

    /// <summary>Only for a provider on loopback in tests or a lab: production providers are https.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>
    /// Our role for the claim values of one sign-in: the highest role any value maps to (admin over analyst over
    /// viewer), else <see cref="DefaultRole"/>, else null (no access).
    /// </summary>
    public string? ResolveRole(IEnumerable<string> claimValues)
    {
        var mapped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in claimValues)
        {
            var role = RoleMap.TryGetValue(value.Trim(), out var target) ? Roles.Parse(target) : Roles.Parse(value);
            if (role is not null)
            {
                mapped.Add(role);
            }
        }

        return Roles.All.FirstOrDefault(mapped.Contains) ?? Roles.Parse(DefaultRole);
    }

    /// <summary>Settings that cannot work, named, so start-up fails clearly rather than at the first sign-in.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!Enabled)
        {
            return problems;
        }

        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add($"Oidc:Authority: '{Authority}' is not an absolute http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            problems.Add("Oidc:ClientId: required when Oidc:Authority is set.");
        }

        if (string.IsNullOrWhiteSpace(RoleClaim))
        {
            problems.Add("Oidc:RoleClaim: required when Oidc:Authority is set (e.g. roles or groups).");
        }

        foreach (var (value, role) in RoleMap)
        {
            if (Roles.Parse(role) is null)
            {
                problems.Add($"Oidc:RoleMap:{value}: '{role}' is not a role; use one of {string.Join(", ", Roles.All)}.");
            }
        }

        if (!string.IsNullOrWhiteSpace(DefaultRole) && Roles.Parse(DefaultRole) is null)
        {
            problems.Add($"Oidc:DefaultRole: '{DefaultRole}' is not a role; leave it empty (no access) or use viewer.");
        }

        return problems;
    }
}

/// <summary>The identity an SSO provider vouched for, as read from its token.</summary>
public sealed record SingleSignOnIdentity(string Subject, string? Email, bool EmailVerified, string? Name, IReadOnlyList<string> RoleClaimValues);

/// <summary>Why an SSO sign-in was refused, as the refusal page explains it.</summary>
public enum SingleSignOnRefusal
{
    None,
    NoRole,
    Disabled,
    UnverifiedEmail,
    AccountNotCreated,
}

/// <summary>The local user of an SSO sign-in, or why the sign-in is refused.</summary>
public sealed record SingleSignOnResult(ApplicationUser? User, string? Role, string? Failure, SingleSignOnRefusal Refusal = SingleSignOnRefusal.None)
{
    public bool Succeeded => Failure is null;
}

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

/// <summary>Runs <see cref="SingleSignOnOptions.Validate"/> at start-up: SSO settings that cannot work stop the start, named.</summary>
public sealed class SingleSignOnOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<SingleSignOnOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, SingleSignOnOptions options) =>
        options.Validate() is { Count: > 0 } problems
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problems)
            : Microsoft.Extensions.Options.ValidateOptionsResult.Success;
}
