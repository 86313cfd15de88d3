namespace JiraQuality.Core.Identity;

/// <summary>The local user of an SSO sign-in, or why the sign-in is refused.</summary>
public sealed record SingleSignOnResult(ApplicationUser? User, string? Role, string? Failure, SingleSignOnRefusal Refusal = SingleSignOnRefusal.None)
{
    public bool Succeeded => Failure is null;
}
