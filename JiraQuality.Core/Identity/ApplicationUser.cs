using Microsoft.AspNetCore.Identity;

namespace JiraQuality.Core.Identity;

/// <summary>A person who signs in: a local account, or a single-sign-on user mapped to a local account.</summary>
public sealed class ApplicationUser : IdentityUser
{
    /// <summary>A disabled user cannot sign in and their API tokens stop working; the row stays for the audit log.</summary>
    public bool Disabled { get; set; }

    /// <summary>
    /// Hubs (the team dimension) this user may see, comma separated; empty means every hub. Lists, KPIs, exports and
    /// drill-downs of a scoped user only ever contain these hubs' conversations.
    /// </summary>
    public string? AllowedHubs { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}
