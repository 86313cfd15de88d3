namespace JiraQuality.Core.Identity;

/// <summary>A token just created: <see cref="Token"/> is the secret, shown once and never stored.</summary>
public sealed record CreatedApiToken(long Id, string UserEmail, string Name, DateTime? ExpiresAtUtc, string Token);
