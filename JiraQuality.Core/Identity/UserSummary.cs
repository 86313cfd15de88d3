namespace JiraQuality.Core.Identity;

/// <summary>One user as the command line and the Settings page list them.</summary>
public sealed record UserSummary(
    string Id,
    string Email,
    string? Role,
    bool Disabled,
    bool LockedOut,
    DateTimeOffset? LockoutEndUtc,
    string? AllowedHubs,
    IReadOnlyList<string> ExternalLogins);
