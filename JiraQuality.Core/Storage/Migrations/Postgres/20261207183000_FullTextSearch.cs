using JiraQuality.Core.Conversations.Search;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JiraQuality.Core.Storage.Migrations.Postgres
{
    /// <summary>
    /// Full-text search over the redacted thread text: a GIN index over the tsvector of the stored thread's redacted
    /// message texts. Being an index over an expression, it covers the rows stored before it and every row written
    /// after it (COPY, updates) with no trigger. Raw SQL only: the model snapshot is unchanged.
    /// </summary>
    [DbContext(typeof(PostgresJiraQualityDbContext))]
    [Migration("20261207183000_FullTextSearch")]
    public partial class FullTextSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Immutable: the same thread always gives the same text, which an index expression requires. A thread that is
            // not a JSON array indexes as empty; the text is capped well below the tsvector size limit (1 MB), so no
            // write ever fails for its length.
            migrationBuilder.Sql($"""
                CREATE FUNCTION {ThreadTextIndex.PostgresFunction}(thread text) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT left(coalesce(string_agg(m.value ->> 'redactedText', E'\n' ORDER BY m.position), ''), 500000)
                    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(thread::jsonb) = 'array' THEN thread::jsonb ELSE '[]'::jsonb END)
                        WITH ORDINALITY AS m(value, position)
                $$;
                """);
            migrationBuilder.Sql(
                $"CREATE INDEX ix_jira_prepared_conversations_thread_text ON jira_prepared_conversations " +
                $"USING gin (to_tsvector('{ThreadTextIndex.PostgresConfiguration}'::regconfig, {ThreadTextIndex.PostgresFunction}(thread_json)));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_jira_prepared_conversations_thread_text;");
            migrationBuilder.Sql($"DROP FUNCTION IF EXISTS {ThreadTextIndex.PostgresFunction}(text);");
        }
    }
}
