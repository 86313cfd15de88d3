using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Identity;

/// <summary>A token that authenticates, with its user's id; <see cref="Failure"/> says why one does not (never the token).</summary>
public sealed record ApiTokenValidation(long? TokenId, string? UserId, string? Failure)
{
    public bool Succeeded => Failure is null;
}
