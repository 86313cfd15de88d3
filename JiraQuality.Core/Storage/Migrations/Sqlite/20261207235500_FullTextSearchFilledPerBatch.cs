using JiraQuality.Core.Conversations.Search;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JiraQuality.Core.Storage.Migrations.Sqlite
{
    /// <summary>
    /// New threads reach the FTS5 table from their writer, once per batch with text built in C#, instead of from a
    /// per-row insert trigger that decoded each thread's JSON inside the insert. The update and delete triggers stay
    /// (changed and deleted threads are few). Threads stored while the insert trigger existed are already in the table;
    /// any stored thread missing from it is added here. Raw SQL only, idempotent: the model snapshot is unchanged.
    /// </summary>
    [DbContext(typeof(SqliteJiraQualityDbContext))]
    [Migration("20261207235500_FullTextSearchFilledPerBatch")]
    public partial class FullTextSearchFilledPerBatch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {FullTextSearch.TriggerNames[0]};");
            migrationBuilder.Sql(
                $"INSERT INTO {ThreadTextIndex.SqliteTable} (issue_key, body) SELECT p.issue_key, {FullTextSearch.ThreadText("p")} " +
                $"FROM jira_prepared_conversations AS p WHERE p.issue_key NOT IN (SELECT issue_key FROM {ThreadTextIndex.SqliteTable});");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {FullTextSearch.TriggerNames[0]};");
            migrationBuilder.Sql(FullTextSearch.Triggers[0]);
        }
    }
}
