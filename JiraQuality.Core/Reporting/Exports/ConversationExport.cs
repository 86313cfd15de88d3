using System.Runtime.CompilerServices;
using System.Text;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Reporting.Exports;

/// <summary>
/// Writes a conversation list as a download: the analysis CSV or the threads as JSON Lines, in list order and a chunk
/// at a time (never the whole list in memory). Redacted unless <c>original</c> is asked for; who may ask is the caller's
/// decision.
/// </summary>
public sealed class ConversationExport(ConversationQuery conversations, IDbContextFactory<JiraQualityDbContext> contexts)
{
    private const int ThreadChunkSize = 500;

    /// <summary>The listed conversations in the analysis CSV layout; returns the number of rows written.</summary>
    public async Task<int> WriteAnalysisCsvAsync(ConversationListRequest request, bool original, Stream output, CancellationToken cancellationToken = default)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        return await AnalysisCsvExporter.WriteRowsAsync(writer, Redacted(conversations.StreamAsync(request, cancellationToken), original), cancellationToken, contexts);
    }

    /// <summary>The stored threads of the listed conversations as JSON Lines; returns the number of lines written.</summary>
    public Task<int> WriteThreadsJsonlAsync(ConversationListRequest request, bool original, Stream output, CancellationToken cancellationToken = default) =>
        ConversationJsonlWriter.WriteAsync(ThreadsOf(conversations.StreamAsync(request, cancellationToken), original, cancellationToken), output, redacted: !original, cancellationToken);

    private static async IAsyncEnumerable<ProcessedConversation> Redacted(IAsyncEnumerable<ProcessedConversation> rows, bool original)
    {
        await foreach (var row in rows)
        {
            yield return original ? row : PersonalDataRedaction.RedactInPlace(row);
        }
    }

    private async IAsyncEnumerable<Conversation> ThreadsOf(
        IAsyncEnumerable<ProcessedConversation> rows,
        bool original,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var keys = new List<string>(ThreadChunkSize);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            keys.Add(row.IssueKey);
            if (keys.Count == ThreadChunkSize)
            {
                foreach (var conversation in await LoadAsync(keys, original, cancellationToken))
                {
                    yield return conversation;
                }

                keys.Clear();
            }
        }

        foreach (var conversation in await LoadAsync(keys, original, cancellationToken))
        {
            yield return conversation;
        }
    }

    private async Task<IReadOnlyList<Conversation>> LoadAsync(List<string> chunk, bool original, CancellationToken cancellationToken)
    {
        if (chunk.Count == 0)
        {
            return [];
        }

        await using var db = contexts.CreateDbContext();
        var prepared = await db.PreparedConversations.AsNoTracking()
            .Where(p => chunk.Contains(p.IssueKey))
            .ToDictionaryAsync(p => p.IssueKey, cancellationToken);
        return chunk.Where(prepared.ContainsKey)
            .Select(key => prepared[key].ToConversation())
            .Select(conversation => original ? conversation : PersonalDataRedaction.Redact(conversation))
            .ToList();
    }
}
