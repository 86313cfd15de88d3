using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace JiraQuality.Core.Conversations.Search;

/// <summary>
/// The full-text index over the redacted text of every stored thread (scored or not): an FTS5 table on SQLite, a table
/// of stored tsvectors with a GIN index on PostgreSQL (both named <see cref="SqliteTable"/>). The writers of new and
/// changed threads fill it once per batch with text built here, so an import does not decode every stored thread's JSON
/// again inside the insert; on SQLite, triggers still follow updates and deletes of stored threads, and on PostgreSQL a
/// deleted thread's entry goes with it (foreign key, on delete cascade). Only redacted text is indexed, so nobody can
/// find a ticket by personal data the list would not show them.
/// </summary>
public static class ThreadTextIndex
{
    /// <summary>The SQLite FTS5 table: the issue key and the thread's redacted message texts.</summary>
    public const string SqliteTable = "conversation_text_search";

    /// <summary>The PostgreSQL table: the issue key and the tsvector of the thread's redacted message texts.</summary>
    public const string PostgresTable = SqliteTable;

    /// <summary>The PostgreSQL function that joins a stored thread's redacted message texts (the indexed expression's input).</summary>
    public const string PostgresFunction = "jq_thread_search_text";

    /// <summary>The PostgreSQL text search configuration: no stemming and no stop words, as SQLite's tokenizer.</summary>
    public const string PostgresConfiguration = "simple";

    /// <summary>
    /// The issue keys of the stored threads that hold every word and phrase of the search, as a query that composes
    /// into another (used as <c>keys.Contains(row.IssueKey)</c>).
    /// </summary>
    public static IQueryable<string> MatchingKeys(JiraQualityDbContext db, TextSearch search)
    {
        if (db.Database.IsNpgsql())
        {
            var clauses = search.Phrases.Select((_, i) => $"phraseto_tsquery('{PostgresConfiguration}'::regconfig, {{{i}}})");
            var sql = $"SELECT s.issue_key AS \"Value\" FROM {PostgresTable} AS s WHERE s.body @@ ({string.Join(" && ", clauses)})";
            return db.Database.SqlQueryRaw<string>(sql, search.Phrases.Select(p => (object)string.Join(' ', p)).ToArray());
        }

        return db.Database.SqlQueryRaw<string>(
            $"SELECT s.issue_key AS \"Value\" FROM {SqliteTable} AS s WHERE {SqliteTable} MATCH {{0}}",
            SqliteMatch(search));
    }

    /// <summary>
    /// The FTS5 query: every phrase quoted (words hold only letters and digits, so nothing needs escaping) and all of
    /// them required, in the text column only (never the key column).
    /// </summary>
    public static string SqliteMatch(TextSearch search) =>
        "body : (" + string.Join(" AND ", search.Phrases.Select(p => "\"" + string.Join(' ', p) + "\"")) + ")";

    // The text is capped as the function of the expression index capped it (in characters, well below the tsvector size
    // limit of 1 MB), so no write fails for its length and every thread indexes as it did.
    private const string PostgresStore =
        "INSERT INTO " + PostgresTable + " (issue_key, body) " +
        "SELECT e.issue_key, to_tsvector('" + PostgresConfiguration + "'::regconfig, left(e.text, 500000)) FROM unnest(@keys, @texts) AS e(issue_key, text) " +
        "ON CONFLICT (issue_key) DO UPDATE SET body = excluded.body";

    // A new thread's entry written after its batch committed (see ThreadTextIndexFiller): threads deleted meanwhile are
    // skipped, and an entry another writer stored meanwhile is newer or the same, so it stays.
    private const string PostgresStoreNew =
        "INSERT INTO " + PostgresTable + " (issue_key, body) " +
        "SELECT e.issue_key, to_tsvector('" + PostgresConfiguration + "'::regconfig, left(e.text, 500000)) FROM unnest(@keys, @texts) AS e(issue_key, text) " +
        "WHERE EXISTS (SELECT 1 FROM jira_prepared_conversations AS p WHERE p.issue_key = e.issue_key) " +
        "ON CONFLICT (issue_key) DO NOTHING";

    // Every stored thread without an entry, its text built from the stored JSON by the function the migrations use.
    private const string PostgresStoreMissing =
        "INSERT INTO " + PostgresTable + " (issue_key, body) " +
        "SELECT p.issue_key, to_tsvector('" + PostgresConfiguration + "'::regconfig, " + PostgresFunction + "(p.thread_json)) " +
        "FROM jira_prepared_conversations AS p " +
        "WHERE NOT EXISTS (SELECT 1 FROM " + PostgresTable + " AS s WHERE s.issue_key = p.issue_key) " +
        "ON CONFLICT (issue_key) DO NOTHING";

    /// <summary>One thread's entry in the index: its issue key and its redacted message texts.</summary>
    public readonly record struct Entry(string IssueKey, string Text);

    /// <summary>
    /// The indexed text of a thread: its redacted message texts in order, one per line (what the migrations'
    /// SQL builds from a stored thread's JSON for the rows stored before them).
    /// </summary>
    public static string Text(IEnumerable<ConversationMessage> messages) => string.Join('\n', messages.Select(m => m.RedactedText));

    /// <summary>The entry of a row about to be stored (its thread decoded again only if the row was not built from a conversation).</summary>
    public static Entry EntryOf(PreparedConversation row) =>
        new(row.IssueKey, row.SearchText ?? Text(ConversationJson.DeserializeMessages(row.ThreadJson)));

    /// <summary>
    /// Writes the entries of a batch of newly stored threads (<paramref name="added"/>) and of changed ones
    /// (<paramref name="changed"/>) in the caller's transaction: one statement on PostgreSQL; on SQLite one prepared
    /// insert run per new thread (the update trigger already re-indexes a changed thread).
    /// </summary>
    public static async Task StoreAsync(JiraQualityDbContext db, IReadOnlyList<Entry> added, IReadOnlyList<Entry> changed, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            var entries = added.Concat(changed).ToList();
            if (entries.Count == 0)
            {
                return;
            }

            await db.Database.ExecuteSqlRawAsync(
                PostgresStore,
                [
                    new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = entries.Select(e => e.IssueKey).ToArray() },
                    new NpgsqlParameter("texts", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = entries.Select(e => e.Text).ToArray() },
                ],
                cancellationToken);
            return;
        }

        if (added.Count == 0)
        {
            return;
        }

        await StoreSqliteAsync(db, added, cancellationToken);
    }

    /// <summary>
    /// Writes the entries of new threads whose batch has committed, in a statement of its own (PostgreSQL): threads
    /// deleted since are skipped, and an entry already there (written by another writer since) is kept.
    /// </summary>
    public static async Task StoreNewAsync(JiraQualityDbContext db, IReadOnlyList<Entry> added, CancellationToken cancellationToken)
    {
        if (added.Count == 0)
        {
            return;
        }

        if (!db.Database.IsNpgsql())
        {
            throw new InvalidOperationException("Entries are written after their batch only on PostgreSQL; SQLite writes them in the batch.");
        }

        await db.Database.ExecuteSqlRawAsync(
            PostgresStoreNew,
            [
                new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = added.Select(e => e.IssueKey).ToArray() },
                new NpgsqlParameter("texts", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = added.Select(e => e.Text).ToArray() },
            ],
            cancellationToken);
    }

    /// <summary>
    /// Indexes every stored thread that has no entry (PostgreSQL): those of batches whose entries could not be written
    /// after they committed, here or in an import that stopped before its entries were written. Returns how many.
    /// </summary>
    public static async Task<int> StoreMissingAsync(JiraQualityDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return 0;
        }

        // Usually nothing is missing and this is one anti-join over two primary keys; after a failure it is the text of
        // every missing thread, which may take longer than a command usually may.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        return await db.Database.ExecuteSqlRawAsync(PostgresStoreMissing, cancellationToken);
    }

    private static async Task StoreSqliteAsync(JiraQualityDbContext db, IReadOnlyList<Entry> added, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = $"INSERT INTO {SqliteTable} (issue_key, body) VALUES ($key, $body)";
        var key = command.CreateParameter();
        key.ParameterName = "$key";
        var body = command.CreateParameter();
        body.ParameterName = "$body";
        command.Parameters.Add(key);
        command.Parameters.Add(body);
        foreach (var entry in added)
        {
            key.Value = entry.IssueKey;
            body.Value = entry.Text;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
