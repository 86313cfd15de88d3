namespace JiraQuality.Core.Identity;

/// <summary>The identity an SSO provider vouched for, as read from its token.</summary>
public sealed record SingleSignOnIdentity(string Subject, string? Email, bool EmailVerified, string? Name, IReadOnlyList<string> RoleClaimValues);
