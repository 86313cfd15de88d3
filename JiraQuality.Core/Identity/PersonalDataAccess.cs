using System.Security.Claims;

namespace JiraQuality.Core.Identity;

/// <summary>Who may see personal data, and how a user is named in the audit log.</summary>
public static class PersonalDataAccess
{
    /// <summary>The roles of <see cref="Policies.RevealPersonalData"/>; anonymous callers never may.</summary>
    public static bool MayReveal(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && Policies.RolesFor(Policies.RevealPersonalData).Any(user.IsInRole);

    /// <summary>The user's e-mail when the principal carries one, else its name; <c>anonymous</c> without either.</summary>
    public static string ActorOf(ClaimsPrincipal user) =>
        user.FindFirst(ClaimTypes.Email)?.Value is { Length: > 0 } email ? email
        : user.Identity?.Name is { Length: > 0 } name ? name
        : "anonymous";
}
