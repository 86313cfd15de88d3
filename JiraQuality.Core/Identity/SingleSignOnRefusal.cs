namespace JiraQuality.Core.Identity;

/// <summary>Why an SSO sign-in was refused, as the refusal page explains it.</summary>
public enum SingleSignOnRefusal
{
    None,
    NoRole,
    Disabled,
    UnverifiedEmail,
    AccountNotCreated,
}
