namespace JiraQuality.Core.Identity;

/// <summary>A stored token as listed: never the secret nor its hash.</summary>
public sealed record ApiTokenSummary(
    long Id,
    string UserEmail,
    string Name,
    DateTime CreatedAtUtc,
    DateTime? ExpiresAtUtc,
    DateTime? RevokedAtUtc,
    DateTime? LastUsedAtUtc,
    string State);
