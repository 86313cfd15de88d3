using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>A prepared conversation read for scoring; on SQLite its thread comes as the stored UTF-8 bytes.</summary>
internal sealed record LoadedConversation(PreparedConversation Row, byte[]? ThreadUtf8)
{
    public Conversations.Conversation ToConversation() => ThreadUtf8 is null ? Row.ToConversation() : Row.ToConversation(ThreadUtf8);
}

/// <summary>
/// Reads a batch of prepared conversations for scoring, untracked, in one statement. On SQLite the columns scoring needs
/// are read with the same reader calls EF Core makes, except the thread: its stored UTF-8 bytes go to the JSON reader as
/// they are, instead of being decoded to a string (twice their size) that the JSON reader encodes back to UTF-8.
/// </summary>
internal static class PreparedBatchReader
{
    public static async Task<List<LoadedConversation>> ReadAsync(JiraQualityDbContext db, List<string> keys, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            var rows = await db.PreparedConversations.AsNoTracking().Where(p => EF.Parameter(keys).Contains(p.IssueKey)).ToListAsync(cancellationToken);
            return rows.ConvertAll(r => new LoadedConversation(r, null));
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = ((SqliteConnection)db.Database.GetDbConnection()).CreateCommand();
            command.CommandText = SqliteSelect(db);
            command.Parameters.AddWithValue("$keys", System.Text.Json.JsonSerializer.Serialize(keys));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var loaded = new List<LoadedConversation>(keys.Count);
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new PreparedConversation
                {
                    IssueKey = reader.GetString(0),
                    Summary = reader.GetString(1),
                    Reporter = reader.GetString(2),
                    ReporterAccountId = reader.IsDBNull(3) ? null : reader.GetString(3),
                    Assignee = reader.IsDBNull(4) ? null : reader.GetString(4),
                    AssigneeAccountId = reader.IsDBNull(5) ? null : reader.GetString(5),
                    RequestParticipants = reader.IsDBNull(6) ? null : reader.GetString(6),
                    Status = reader.GetString(7),
                    Resolution = reader.GetString(8),
                    CreatedUtc = reader.IsDBNull(9) ? null : reader.GetDateTime(9),
                    UpdatedUtc = reader.IsDBNull(10) ? null : reader.GetDateTime(10),
                    DueDate = reader.IsDBNull(11) ? null : reader.GetString(11),
                    CustomFieldsJson = reader.GetString(12),
                    ThreadJson = "",
                    TokenCount = reader.GetInt32(14),
                    TrimJson = reader.IsDBNull(15) ? null : reader.GetString(15),
                    Source = reader.GetString(16),
                    ContentHash = reader.GetString(17),
                };
                loaded.Add(new LoadedConversation(row, reader.GetFieldValue<byte[]>(13)));
            }

            return loaded;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The SELECT of the columns above, in that order, with the names the model gives them.</summary>
    private static string SqliteSelect(JiraQualityDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(PreparedConversation))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!);
        string[] properties =
        [
            nameof(PreparedConversation.IssueKey), nameof(PreparedConversation.Summary), nameof(PreparedConversation.Reporter),
            nameof(PreparedConversation.ReporterAccountId), nameof(PreparedConversation.Assignee), nameof(PreparedConversation.AssigneeAccountId),
            nameof(PreparedConversation.RequestParticipants), nameof(PreparedConversation.Status), nameof(PreparedConversation.Resolution),
            nameof(PreparedConversation.CreatedUtc), nameof(PreparedConversation.UpdatedUtc), nameof(PreparedConversation.DueDate),
            nameof(PreparedConversation.CustomFieldsJson), nameof(PreparedConversation.ThreadJson), nameof(PreparedConversation.TokenCount),
            nameof(PreparedConversation.TrimJson), nameof(PreparedConversation.Source), nameof(PreparedConversation.ContentHash),
        ];
        var columns = string.Join(", ", properties.Select(p => entity.FindProperty(p)!.GetColumnName(table)));
        var key = entity.FindProperty(nameof(PreparedConversation.IssueKey))!.GetColumnName(table);
        return $"SELECT {columns} FROM {table.Name} WHERE {key} IN (SELECT value FROM json_each($keys))";
    }
}
