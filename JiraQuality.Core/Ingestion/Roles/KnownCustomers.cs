using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Ingestion.Roles;

/// <summary>
/// Reads and writes the people marked as customers (table <c>known_customers</c>). The role rules read them right after
/// the agent directory: a listed customer is a customer on every ticket, whoever reported it.
/// </summary>
public sealed class KnownCustomerService(IDbContextFactory<JiraQualityDbContext> contextFactory, TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<KnownCustomerDto>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.KnownCustomers.AsNoTracking()
            .OrderBy(c => c.AccountId)
            .Select(c => new KnownCustomerDto(c.AccountId, c.DisplayName, c.AddedAtUtc))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Lists the person as a customer; false when they already were (ids compare without regard to case).</summary>
    public async Task<bool> AddAsync(string accountId, string? displayName, CancellationToken cancellationToken = default)
    {
        var id = accountId?.Trim() ?? "";
        if (id.Length == 0)
        {
            throw new ArgumentException("A customer needs an account id or username.", nameof(accountId));
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.KnownCustomers.AsNoTracking().Select(c => c.AccountId).ToListAsync(cancellationToken);
        if (existing.Contains(id, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        db.KnownCustomers.Add(new KnownCustomer
        {
            AccountId = id,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? id : displayName.Trim(),
            AddedAtUtc = timeProvider.GetUtcNow().UtcDateTime,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Marked at the same moment from another page: the entry is there either way.
            return false;
        }

        return true;
    }

    /// <summary>
    /// Identifies the list's content (ids only, not order): a re-apply request names it with the directory's
    /// fingerprint, so a mark made while a re-apply job runs gets a job of its own that reads the list after it.
    /// </summary>
    public static string Fingerprint(IEnumerable<string> accountIds)
    {
        var text = string.Join('\u001e', accountIds.Select(id => id.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal).OrderBy(id => id, StringComparer.Ordinal));
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
    }
}
