using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Reporting.ConversationQueries;

/// <summary>
/// Tickets that are imported but not scored (a stored thread without a processed row): the dashboard counts only scored
/// conversations, so these are listed here and opened as "pending scoring" instead of looking lost.
/// </summary>
public sealed class PendingConversationQuery(IDbContextFactory<JiraQualityDbContext> contexts)
{
    public async Task<PendingConversationPage> GetPageAsync(string? allowedHubs, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        pageSize = Math.Clamp(pageSize, 1, ConversationQuery.MaxPageSize);
        page = Math.Max(0, page);
        await using var db = contexts.CreateDbContext();
        var rows = Pending(db, allowedHubs);
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(p => p.CreatedUtc).ThenByDescending(p => p.IssueKey)
            .Skip(page * pageSize).Take(pageSize)
            .Select(p => new PendingConversationItem(p.IssueKey, p.Summary, p.Status, p.Hub, p.CreatedUtc, p.PreparedAtUtc, p.Source))
            .ToListAsync(cancellationToken);
        // Lists are never revealed: the summary is free text and may name someone.
        return new PendingConversationPage(
            items.Select(i => i with
            {
                Summary = Identity.PersonalDataRedaction.Text(i.Summary) ?? "",
                CreatedUtc = PreparedConversationMapping.AsUtc(i.CreatedUtc),
                PreparedAtUtc = DateTime.SpecifyKind(i.PreparedAtUtc, DateTimeKind.Utc),
            }).ToList(),
            total,
            page,
            pageSize);
    }

    public async Task<int> CountAsync(string? allowedHubs, CancellationToken cancellationToken = default)
    {
        await using var db = contexts.CreateDbContext();
        return await Pending(db, allowedHubs).CountAsync(cancellationToken);
    }

    /// <summary>The stored thread of a ticket that has no scores yet; null when it is scored, unknown or outside the allowed hubs.</summary>
    public async Task<Conversation?> GetAsync(string issueKey, string? allowedHubs, CancellationToken cancellationToken = default)
    {
        await using var db = contexts.CreateDbContext();
        var row = await Pending(db, allowedHubs).FirstOrDefaultAsync(p => p.IssueKey == issueKey, cancellationToken);
        return row?.ToConversation();
    }

    private static IQueryable<PreparedConversation> Pending(JiraQualityDbContext db, string? allowedHubs)
    {
        return db.PreparedConversations.AsNoTracking()
            .Where(p => !db.ProcessedConversations.Any(x => x.IssueKey == p.IssueKey))
            .InHubs(allowedHubs);
    }
}
