using JiraQuality.Core.Conversations;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Ingestion.Prepared;

/// <summary>Streams the stored conversations out, oldest ticket first, without loading them all at once.</summary>
public sealed class ConversationExportService(IDbContextFactory<JiraQualityDbContext> contextFactory)
{
    public async IAsyncEnumerable<Conversation> ReadAllAsync(
        Func<IQueryable<PreparedConversation>, IQueryable<PreparedConversation>>? filter = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        IQueryable<PreparedConversation> rows = db.PreparedConversations.AsNoTracking();
        if (filter is not null)
        {
            rows = filter(rows);
        }

        await foreach (var row in rows.OrderBy(p => p.CreatedUtc).ThenBy(p => p.IssueKey).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return row.ToConversation();
        }
    }

    /// <summary>Writes the stored conversations as JSONL (the predecessor's layout); returns how many.</summary>
    public Task<int> WriteJsonlAsync(Stream output, bool redacted, CancellationToken cancellationToken) =>
        ConversationJsonlWriter.WriteAsync(ReadAllAsync(cancellationToken: cancellationToken), output, redacted, cancellationToken);
}
