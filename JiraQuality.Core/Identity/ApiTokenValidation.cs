namespace JiraQuality.Core.Identity;

/// <summary>A token that authenticates, with its user's id; <see cref="Failure"/> says why one does not (never the token).</summary>
public sealed record ApiTokenValidation(long? TokenId, string? UserId, string? Failure)
{
    public bool Succeeded => Failure is null;
}
