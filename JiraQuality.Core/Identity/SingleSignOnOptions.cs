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
