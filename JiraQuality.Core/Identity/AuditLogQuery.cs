using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Identity;

/// <summary>Reads the audit log for the admins' audit page: filtered, newest first, a page at a time.</summary>
public sealed class AuditLogQuery(IDbContextFactory<JiraQualityDbContext> contexts)
{
    public const int MaxPageSize = 100;

    /// <summary>The entries matching <paramref name="filter"/>, skipping <paramref name="skip"/>; the page size is capped at <see cref="MaxPageSize"/>.</summary>
    public async Task<AuditLogPage> GetPageAsync(AuditLogFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        skip = Math.Max(0, skip);
        take = Math.Clamp(take, 1, MaxPageSize);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action.Trim();
            query = query.Where(e => e.Action == action);
        }

        if (!string.IsNullOrWhiteSpace(filter.ActorContains))
        {
            var actor = filter.ActorContains.Trim().ToLowerInvariant();
            query = query.Where(e => e.Actor.ToLower().Contains(actor));
        }

        if (filter.FromUtc is { } from)
        {
            query = query.Where(e => e.AtUtc >= from);
        }

        if (filter.ToUtc is { } to)
        {
            query = query.Where(e => e.AtUtc < to);
        }

        var total = await query.CountAsync(cancellationToken);
        var entries = await query
            .OrderByDescending(e => e.AtUtc)
            .ThenByDescending(e => e.Id)
            .Skip(skip)
            .Take(take)
            .Select(e => new AuditEntryView(e.Id, e.AtUtc, e.Actor, e.Action, e.Target, e.Detail, e.RemoteAddress))
            .ToListAsync(cancellationToken);
        return new AuditLogPage(entries, total);
    }
}
