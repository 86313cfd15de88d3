namespace JiraQuality.Core.Identity;

/// <summary>The audited actions, as stored in <see cref="AuditEntry.Action"/>.</summary>
public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string SignOut = "sign-out";
    public const string UserCreated = "user-created";
    public const string UserRoleChanged = "user-role-changed";
    public const string UserDisabled = "user-disabled";
    public const string UserHubsChanged = "user-hubs-changed";
    public const string PasswordChanged = "password-changed";
    public const string TokenCreated = "token-created";
    public const string TokenRevoked = "token-revoked";
    public const string SettingsChanged = "settings-changed";
    public const string Export = "export";
    public const string RevealPersonalData = "reveal-personal-data";

    /// <summary>Every action, in the order the audit page's filter lists them.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        SignIn, SignInFailed, SignOut, UserCreated, UserRoleChanged, UserDisabled, UserHubsChanged, PasswordChanged,
        TokenCreated, TokenRevoked, SettingsChanged, Export, RevealPersonalData,
    ];
}
