using System.Globalization;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Conversations.Search;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Core.Ingestion.Roles;

/// <summary>
/// Derives the roles and tiers of every stored conversation again from the author facts kept in its thread, with the
/// current agent directory and the same normaliser an import uses. Only threads whose content hash changes are
/// written; their new content hash makes them pending, so the next processing run computes their metrics and scores again.
/// Conversations are read in batches by issue key, and each batch is committed on its own, so a stopped run loses at
/// most one batch and a second run finds nothing left to change.
/// </summary>
public sealed class RoleReapplyService(
    IDbContextFactory<JiraQualityDbContext> contextFactory,
    AgentDirectoryService agentDirectory,
    TicketIngestor ingestor,
    IngestionOptions options,
    TimeProvider timeProvider,
    ILogger<RoleReapplyService> logger)
{
    /// <summary>Changed issue keys named in the job log (the rest are counted).</summary>
    public const int MaxLoggedKeys = 100;

    public async Task<RoleReapplyResult> ReapplyAsync(IJobProgress progress, CancellationToken cancellationToken)
    {
        var directory = await agentDirectory.GetSnapshotAsync(cancellationToken);
        var evidence = await ingestor.GetRoleEvidenceAsync(cancellationToken);
        var normalizer = ingestor.CreateNormalizer(directory, evidence);
        var batchSize = Math.Max(1, options.BatchSize);

        int total;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            total = await db.PreparedConversations.CountAsync(cancellationToken);
        }

        Log(progress, string.Create(CultureInfo.InvariantCulture, $"Applying the agent directory ({directory.Count} agents) and {evidence.KnownCustomerCount} marked customer(s) to {total:N0} stored conversations, {batchSize} at a time."));
        progress.Report(0, total);

        int examined = 0, changed = 0, changedMeanwhile = 0;
        var changedKeys = new List<string>();
        string? lastKey = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = await ReadBatchAsync(lastKey, batchSize, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            lastKey = batch[^1].IssueKey;
            var updates = new List<RoleUpdate>();
            foreach (var row in batch)
            {
                var stored = row.ToConversation();
                var reapplied = normalizer.ReapplyRoles(stored);
                // Both hashes come from the copy as read, so a value that round-trips the database differently can
                // never pass for a change.
                var before = PreparedConversationStore.ComputeContentHash(stored);
                var after = PreparedConversationStore.ComputeContentHash(reapplied);
                if (before != after)
                {
                    updates.Add(new RoleUpdate(row.IssueKey, row.ContentHash, ConversationJson.SerializeMessages(reapplied.Messages), after, CountChanged(stored, reapplied)));
                }
            }

            var (written, skipped) = await WriteAsync(updates, cancellationToken);
            foreach (var update in written)
            {
                if (changedKeys.Count < MaxLoggedKeys)
                {
                    changedKeys.Add(update.IssueKey);
                    Log(progress, $"{update.IssueKey}: {update.MessagesChanged} message(s) changed role, tier or author name.");
                }
            }

            changed += written.Count;
            changedMeanwhile += skipped;
            examined += batch.Count;
            progress.Report(examined, Math.Max(total, examined), lastKey);
        }

        var result = new RoleReapplyResult(examined, changed, changedMeanwhile, directory.Count, changedKeys);
        Log(progress, result.Describe());
        return result;
    }

    private async Task<List<PreparedConversation>> ReadBatchAsync(string? afterKey, int batchSize, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.PreparedConversations.AsNoTracking();
        if (afterKey is not null)
        {
            query = query.Where(p => string.Compare(p.IssueKey, afterKey) > 0);
        }

        // Keyset paging: the database orders and compares keys with the same collation, so no key is skipped or read twice.
        return await query.OrderBy(p => p.IssueKey).Take(batchSize).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Writes one batch in one transaction. A row is written only while its stored hash is still the one read, so a
    /// copy an import stored in between (normalised with the directory of its own time) is never overwritten.
    /// </summary>
    private async Task<(List<RoleUpdate> Written, int Skipped)> WriteAsync(List<RoleUpdate> updates, CancellationToken cancellationToken)
    {
        if (updates.Count == 0)
        {
            return ([], 0);
        }

        var now = timeProvider.GetUtcNow().UtcDateTime;
        List<RoleUpdate> written = [];
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var update in updates)
        {
            var rows = await db.PreparedConversations
                .Where(p => p.IssueKey == update.IssueKey && p.ContentHash == update.StoredHash)
                .ExecuteUpdateAsync(
                    setters => setters
                        .SetProperty(p => p.ThreadJson, update.ThreadJson)
                        .SetProperty(p => p.ContentHash, update.NewHash)
                        .SetProperty(p => p.PreparedAtUtc, now),
                    cancellationToken);
            if (rows == 1)
            {
                written.Add(update);
            }
            else
            {
                logger.LogInformation("{IssueKey} changed while its roles were applied again; the stored copy is kept", update.IssueKey);
            }
        }

        await ThreadTextIndex.StoreAsync(
            db, [], written.Select(u => new ThreadTextIndex.Entry(u.IssueKey, ThreadTextIndex.Text(ConversationJson.DeserializeMessages(u.ThreadJson)))).ToList(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (written, updates.Count - written.Count);
    }

    private static int CountChanged(Conversation before, Conversation after) =>
        before.Messages.Zip(after.Messages).Count(pair =>
            pair.First.Role != pair.Second.Role || pair.First.Tier != pair.Second.Tier || pair.First.AuthorName != pair.Second.AuthorName);

    private void Log(IJobProgress progress, string line)
    {
        logger.LogInformation("{Line}", line);
        progress.Log(line);
    }

    private sealed record RoleUpdate(string IssueKey, string StoredHash, string ThreadJson, string NewHash, int MessagesChanged);
}
