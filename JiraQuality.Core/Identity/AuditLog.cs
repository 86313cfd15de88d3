using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Identity;

/// <summary>Writes audit entries, each in its own short unit of work so an audit record never waits on the caller's transaction.</summary>
public sealed class AuditLog(IDbContextFactory<JiraQualityDbContext> contexts, TimeProvider time)
{
    public async Task RecordAsync(
        string actor,
        string action,
        string? target = null,
        string? detail = null,
        string? remoteAddress = null,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = time.GetUtcNow().UtcDateTime,
            Actor = actor,
            Action = action,
            Target = target,
            Detail = detail,
            RemoteAddress = remoteAddress,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
