using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

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
