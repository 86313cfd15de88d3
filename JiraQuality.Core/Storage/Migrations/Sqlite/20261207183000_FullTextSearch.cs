using JiraQuality.Core.Conversations.Search;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JiraQuality.Core.Storage.Migrations.Sqlite
{
    /// <summary>
    /// Full-text search over the redacted thread text: an FTS5 table filled from the stored threads and kept by triggers
    /// (imports, syncs and webhooks write the table the triggers watch). Raw SQL only: the EF model does not know the
    /// table, so the model snapshot is unchanged.
    /// </summary>
    [DbContext(typeof(SqliteJiraQualityDbContext))]
    [Migration("20261207183000_FullTextSearch")]
    public partial class FullTextSearch : Migration
    {
        // The redacted message texts of a stored thread, one per line. A thread that is not valid JSON indexes as empty
        // rather than failing the write.
        internal static string ThreadText(string row) =>
            $"(SELECT group_concat(json_extract(m.value, '$.redactedText'), char(10)) FROM json_each(CASE WHEN json_valid({row}.thread_json) THEN {row}.thread_json ELSE '[]' END) AS m)";

        // An FTS5 row is found by its key through the index (a plain "WHERE issue_key = ..." would read the whole table).
        private const string DeleteOld =
            $"DELETE FROM {ThreadTextIndex.SqliteTable} WHERE rowid IN (SELECT rowid FROM {ThreadTextIndex.SqliteTable} " +
            $"WHERE {ThreadTextIndex.SqliteTable} MATCH 'issue_key : \"' || replace(old.issue_key, '\"', '\"\"') || '\"') AND issue_key = old.issue_key;";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"CREATE VIRTUAL TABLE {ThreadTextIndex.SqliteTable} USING fts5(issue_key, body, tokenize = 'unicode61 remove_diacritics 2');");
            migrationBuilder.Sql($"INSERT INTO {ThreadTextIndex.SqliteTable} (issue_key, body) SELECT p.issue_key, {ThreadText("p")} FROM jira_prepared_conversations AS p;");
            foreach (var trigger in Triggers)
            {
                migrationBuilder.Sql(trigger);
            }
        }

        /// <summary>The triggers that keep the FTS5 table in step with the prepared threads.</summary>
        internal static IReadOnlyList<string> Triggers =>
        [
            $"CREATE TRIGGER {ThreadTextIndex.SqliteTable}_insert AFTER INSERT ON jira_prepared_conversations BEGIN " +
            $"INSERT INTO {ThreadTextIndex.SqliteTable} (issue_key, body) VALUES (new.issue_key, {ThreadText("new")}); END;",
            $"CREATE TRIGGER {ThreadTextIndex.SqliteTable}_update AFTER UPDATE OF issue_key, thread_json ON jira_prepared_conversations " +
            $"WHEN old.thread_json IS NOT new.thread_json OR old.issue_key IS NOT new.issue_key BEGIN " +
            $"{DeleteOld} INSERT INTO {ThreadTextIndex.SqliteTable} (issue_key, body) VALUES (new.issue_key, {ThreadText("new")}); END;",
            $"CREATE TRIGGER {ThreadTextIndex.SqliteTable}_delete AFTER DELETE ON jira_prepared_conversations BEGIN {DeleteOld} END;",
        ];

        /// <summary>The names of <see cref="Triggers"/>.</summary>
        internal static IReadOnlyList<string> TriggerNames => [$"{ThreadTextIndex.SqliteTable}_insert", $"{ThreadTextIndex.SqliteTable}_update", $"{ThreadTextIndex.SqliteTable}_delete"];

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var name in TriggerNames.Reverse())
            {
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {name};");
            }

            migrationBuilder.Sql($"DROP TABLE IF EXISTS {ThreadTextIndex.SqliteTable};");
        }
    }
}
