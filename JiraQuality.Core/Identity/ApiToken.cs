namespace JiraQuality.Core.Identity;

/// <summary>
/// A personal API token. Only the SHA-256 of the token is stored: the token is a 256-bit random secret shown once,
/// so a single hash is enough and lets the bearer handler look it up by equality.
/// </summary>
public sealed class ApiToken
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public required string Name { get; set; }

    /// <summary>Upper-case hex SHA-256 of the token's UTF-8 bytes (64 characters).</summary>
    public required string Hash { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public DateTime? ExpiresAtUtc { get; set; }

    public DateTime? RevokedAtUtc { get; set; }

    public DateTime? LastUsedAtUtc { get; set; }
}
