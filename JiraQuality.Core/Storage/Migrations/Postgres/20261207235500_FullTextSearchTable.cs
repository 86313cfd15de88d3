using JiraQuality.Core.Conversations.Search;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JiraQuality.Core.Storage.Migrations.Postgres
{
    /// <summary>
    /// Moves the full-text index from an expression index on the stored threads to a table of its own: one stored
    /// tsvector per thread with a GIN index, written by the import and every other writer once per batch from text built
    /// in C#. The expression index decoded each thread's JSON inside every insert, which an import paid for every row.
    /// Existing databases get their table filled from the stored threads with the same text function the expression
    /// index used, so every search finds what it found before. Raw SQL only: the model snapshot is unchanged.
    /// </summary>
    [DbContext(typeof(PostgresJiraQualityDbContext))]
    [Migration("20261207235500_FullTextSearchTable")]
    public partial class FullTextSearchTable : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                $"CREATE TABLE {ThreadTextIndex.PostgresTable} (" +
                "issue_key text PRIMARY KEY REFERENCES jira_prepared_conversations (issue_key) ON DELETE CASCADE, " +
                "body tsvector NOT NULL);");
            migrationBuilder.Sql(
                $"INSERT INTO {ThreadTextIndex.PostgresTable} (issue_key, body) " +
                $"SELECT p.issue_key, to_tsvector('{ThreadTextIndex.PostgresConfiguration}'::regconfig, {ThreadTextIndex.PostgresFunction}(p.thread_json)) " +
                "FROM jira_prepared_conversations AS p;");
            migrationBuilder.Sql($"CREATE INDEX ix_{ThreadTextIndex.PostgresTable}_body ON {ThreadTextIndex.PostgresTable} USING gin (body);");
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_jira_prepared_conversations_thread_text;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(
                $"CREATE INDEX ix_jira_prepared_conversations_thread_text ON jira_prepared_conversations " +
                $"USING gin (to_tsvector('{ThreadTextIndex.PostgresConfiguration}'::regconfig, {ThreadTextIndex.PostgresFunction}(thread_json)));");
            migrationBuilder.Sql($"DROP TABLE IF EXISTS {ThreadTextIndex.PostgresTable};");
        }
    }
}
