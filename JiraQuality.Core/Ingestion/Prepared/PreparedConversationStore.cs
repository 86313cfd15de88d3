using System.Security.Cryptography;
using System.Text.Json;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Conversations.Search;
using JiraQuality.Core.Ingestion.Roles;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Ingestion.Prepared;

/// <summary>
/// Upserts normalised conversations by issue key. One call is one database transaction: a failure leaves
/// nothing of the batch behind. A changed content hash updates the row (which makes it pending: its scores are for another hash);
/// an equal hash changes nothing; an older copy of a stored ticket never overwrites a newer one.
/// </summary>
public sealed class PreparedConversationStore(IDbContextFactory<JiraQualityDbContext> contextFactory, TimeProvider timeProvider)
{
    public Task<IngestBatchResult> UpsertAsync(IReadOnlyList<Conversation> conversations, CancellationToken cancellationToken) =>
        UpsertRowsAsync(conversations.Select(ToRow).ToList(), cancellationToken);

    /// <summary>
    /// The stored form of a conversation, with its content hash. Building rows is CPU work that a caller may
    /// do ahead of <see cref="UpsertRowsAsync"/> (the CSV import does it while the previous batch is written).
    /// </summary>
    public static PreparedConversation ToRow(Conversation conversation)
    {
        var row = new PreparedConversation { IssueKey = conversation.IssueKey };
        Apply(row, conversation, ComputeContentHash(conversation));
        return row;
    }

    /// <summary>Upserts rows made by <see cref="ToRow"/> in one transaction.</summary>
    public Task<IngestBatchResult> UpsertRowsAsync(IReadOnlyList<PreparedConversation> rows, CancellationToken cancellationToken) =>
        UpsertRowsAsync(rows, null, cancellationToken);

    /// <summary>
    /// The full-text index filler of an import on PostgreSQL (null on SQLite, whose index is filled in each batch's
    /// transaction at little cost): give it to <see cref="UpsertRowsAsync(IReadOnlyList{PreparedConversation}, ThreadTextIndexFiller?, CancellationToken)"/>
    /// and await its <see cref="ThreadTextIndexFiller.CompleteAsync"/> before the import ends.
    /// </summary>
    public async Task<ThreadTextIndexFiller?> StartIndexFillerAsync(Microsoft.Extensions.Logging.ILogger logger, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return db.Database.IsNpgsql() ? new ThreadTextIndexFiller(contextFactory, logger) : null;
    }

    /// <summary>
    /// Upserts rows made by <see cref="ToRow"/> in one transaction. With a <paramref name="indexFiller"/>, the new threads'
    /// full-text entries are written by it after the transaction commits instead of inside it (changed threads' entries
    /// are always written inside it).
    /// </summary>
    public async Task<IngestBatchResult> UpsertRowsAsync(IReadOnlyList<PreparedConversation> rows, ThreadTextIndexFiller? indexFiller, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return IngestBatchResult.Empty;
        }

        var warnings = new List<string>();
        var latest = new Dictionary<string, PreparedConversation>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (latest.TryGetValue(row.IssueKey, out var seen))
            {
                var keepNew = (row.UpdatedUtc ?? DateTime.MinValue) >= (seen.UpdatedUtc ?? DateTime.MinValue);
                warnings.Add($"{row.IssueKey} appears more than once; the copy updated {Describe(keepNew ? row.UpdatedUtc : seen.UpdatedUtc)} is kept.");
                if (!keepNew)
                {
                    continue;
                }
            }

            latest[row.IssueKey] = row;
        }

        // Two writers (an import and a webhook) may insert the same new key at once; the loser retries once.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await UpsertOnceAsync(latest.Values.ToList(), warnings, indexFiller, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 2)
            {
            }
        }
    }

    private async Task<IngestBatchResult> UpsertOnceAsync(List<PreparedConversation> rows, List<string> warnings, ThreadTextIndexFiller? indexFiller, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var keys = rows.Select(c => c.IssueKey).ToList();
        var existing = await db.PreparedConversations
            .Where(p => keys.Contains(p.IssueKey))
            .ToDictionaryAsync(p => p.IssueKey, StringComparer.Ordinal, cancellationToken);

        int created = 0, updated = 0, unchanged = 0;
        var batchWarnings = new List<string>(warnings);
        var added = new List<object>();
        var indexed = new List<ThreadTextIndex.Entry>();
        var reindexed = new List<ThreadTextIndex.Entry>();
        foreach (var row in rows)
        {
            if (!existing.TryGetValue(row.IssueKey, out var stored))
            {
                row.PreparedAtUtc = now;
                added.Add(row);
                indexed.Add(ThreadTextIndex.EntryOf(row));
                created++;
                continue;
            }

            if (stored.ContentHash == row.ContentHash)
            {
                unchanged++;
                continue;
            }

            var storedUpdated = PreparedConversationMapping.AsUtc(stored.UpdatedUtc);
            if (storedUpdated is not null && row.UpdatedUtc is not null && row.UpdatedUtc < storedUpdated)
            {
                batchWarnings.Add($"{row.IssueKey}: the stored copy (updated {Describe(storedUpdated)}) is newer than this one ({Describe(row.UpdatedUtc)}); kept the stored copy.");
                unchanged++;
                continue;
            }

            var entry = db.Entry(stored);
            entry.CurrentValues.SetValues(row);
            stored.PreparedAtUtc = now;
            entry.State = EntityState.Modified;
            reindexed.Add(ThreadTextIndex.EntryOf(row));
            updated++;
        }

        // One transaction: the batch is stored whole or not at all. New rows (most of an import) are inserted set-based,
        // changed ones through the change tracker.
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (added.Count > 0)
            {
                var table = BulkTable.For<PreparedConversation>(db, "issue_key");
                try
                {
                    if (db.Database.IsNpgsql())
                    {
                        await table.CopyAsync(db, table.Table, added, cancellationToken);
                    }
                    else
                    {
                        table.InsertSqlite(db, added, onConflict: null);
                    }
                }
                catch (System.Data.Common.DbException ex)
                {
                    // As SaveChanges reports it: a key another writer stored meanwhile makes the caller retry once.
                    throw new DbUpdateException($"Could not insert the batch's new conversations: {ex.Message}", ex);
                }
            }

            await db.SaveChangesAsync(cancellationToken);

            // The batch's thread texts go into the full-text index once per batch, in the same transaction, or (new
            // threads of an import on PostgreSQL) by the import's filler once the batch has committed.
            await ThreadTextIndex.StoreAsync(db, indexFiller is null ? indexed : [], reindexed, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (indexFiller is not null)
        {
            await indexFiller.AddAsync(indexed, cancellationToken);
        }

        return new IngestBatchResult(created, updated, unchanged, batchWarnings);
    }

    /// <summary>Every assignee of a stored ticket (account ids, and names or usernames that are not opaque ids).</summary>
    public async Task<IReadOnlyList<string>> GetKnownAssigneesAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.PreparedConversations.AsNoTracking()
            .Where(c => c.Assignee != null || c.AssigneeAccountId != null)
            .Select(c => new { c.Assignee, c.AssigneeAccountId })
            .Distinct()
            .ToListAsync(cancellationToken);
        var result = new List<string>(rows.Count);
        foreach (var row in rows)
        {
            if (!string.IsNullOrWhiteSpace(row.AssigneeAccountId))
            {
                result.Add(row.AssigneeAccountId);
            }

            if (!string.IsNullOrWhiteSpace(row.Assignee) && !RoleResolver.IsCloudAccountId(row.Assignee))
            {
                result.Add(row.Assignee);
            }
        }

        return result;
    }

    /// <summary>Account ids and usernames marked as customers.</summary>
    public async Task<IReadOnlyList<string>> GetKnownCustomersAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.KnownCustomers.AsNoTracking().Select(c => c.AccountId).ToListAsync(cancellationToken);
    }

    /// <summary>SHA-256 over everything scoring reads: fields, custom fields and messages (not the source or the time of import).</summary>
    public static string ComputeContentHash(Conversation conversation)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("k", conversation.IssueKey);
            writer.WriteString("s", conversation.Summary);
            writer.WriteString("r", conversation.Reporter);
            writer.WriteString("st", conversation.Status);
            writer.WriteString("res", conversation.Resolution);
            writer.WriteString("c", conversation.CreatedUtc?.ToString("O") ?? "");
            writer.WriteString("u", conversation.UpdatedUtc?.ToString("O") ?? "");
            writer.WriteString("d", conversation.DueDate ?? "");

            // Written only when present, so rows stored before these were read keep their hash.
            if (conversation.Assignee is not null || conversation.AssigneeAccountId is not null)
            {
                writer.WriteString("a", conversation.Assignee ?? "");
                writer.WriteString("ai", conversation.AssigneeAccountId ?? "");
            }

            if (conversation.RequestParticipants.Count > 0)
            {
                writer.WriteString("p", string.Join('\n', conversation.RequestParticipants));
            }

            writer.WriteStartObject("cf");
            foreach (var (key, value) in conversation.CustomFields.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("m");
            foreach (var m in conversation.Messages)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(m.TimestampUtc?.ToString("O") ?? "");
                writer.WriteStringValue(m.AuthorId ?? "");
                writer.WriteStringValue(m.AuthorName ?? "");
                writer.WriteNumberValue((int)m.Role);
                writer.WriteNumberValue((int)m.Tier);
                writer.WriteBooleanValue(m.IsInternal);
                writer.WriteStringValue(m.Text);
                writer.WriteStringValue(m.RedactedText);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void Apply(PreparedConversation row, Conversation conversation, string hash)
    {
        row.Summary = conversation.Summary;
        row.Reporter = conversation.Reporter;
        row.ReporterAccountId = conversation.ReporterAccountId;
        row.Assignee = conversation.Assignee;
        row.AssigneeAccountId = conversation.AssigneeAccountId;
        row.RequestParticipants = conversation.RequestParticipants.Count == 0 ? null : string.Join('\n', conversation.RequestParticipants);
        row.Status = conversation.Status;
        row.Resolution = conversation.Resolution;
        row.CreatedUtc = conversation.CreatedUtc;
        row.UpdatedUtc = conversation.UpdatedUtc;
        row.DueDate = conversation.DueDate;
        row.Hub = NullIfEmpty(conversation.CustomFields.GetValueOrDefault(CustomFieldKeys.Hub));
        row.ContactReason = NullIfEmpty(conversation.CustomFields.GetValueOrDefault(CustomFieldKeys.ContactReason));
        row.SatisfactionRating = NullIfEmpty(conversation.CustomFields.GetValueOrDefault(CustomFieldKeys.SatisfactionRating));
        row.CustomFieldsJson = ConversationJson.SerializeCustomFields(conversation.CustomFields);
        row.ThreadJson = ConversationJson.SerializeMessages(conversation.Messages);
        row.SearchText = ThreadTextIndex.Text(conversation.Messages);
        row.TokenCount = conversation.TokenCount;
        row.TrimJson = ConversationJson.SerializeTrim(conversation.Trim);
        row.Source = conversation.Source;
        row.ContentHash = hash;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Describe(DateTime? value) => value is null ? "at an unknown time" : value.Value.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC";
}
