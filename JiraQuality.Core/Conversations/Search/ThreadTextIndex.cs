using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Conversations.Search;

/// <summary>
/// The full-text index over the redacted text of every stored thread (scored or not): an FTS5 table kept by triggers
/// on SQLite, a GIN index over a tsvector expression on PostgreSQL (both made by the FullTextSearch migrations). Only
/// redacted text is indexed, so nobody can find a ticket by personal data the list would not show them.
/// </summary>
public static class ThreadTextIndex
{
    /// <summary>The SQLite FTS5 table: the issue key and the thread's redacted message texts.</summary>
    public const string SqliteTable = "conversation_text_search";

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
            // Must be the indexed expression, written the same way, or the GIN index is not used.
            var clauses = search.Phrases.Select((_, i) => $"phraseto_tsquery('{PostgresConfiguration}'::regconfig, {{{i}}})");
            var sql = $"SELECT p.issue_key AS \"Value\" FROM jira_prepared_conversations AS p " +
                $"WHERE to_tsvector('{PostgresConfiguration}'::regconfig, {PostgresFunction}(p.thread_json)) @@ ({string.Join(" && ", clauses)})";
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
}
