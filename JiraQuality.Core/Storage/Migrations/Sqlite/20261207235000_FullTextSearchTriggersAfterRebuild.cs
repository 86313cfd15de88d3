using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JiraQuality.Core.Storage.Migrations.Sqlite
{
    /// <summary>
    /// Creates the full-text triggers on the prepared threads again. SQLite cannot drop a column in place, so a model
    /// migration that drops one (the processed flag) rebuilds <c>jira_prepared_conversations</c>, and the triggers of the
    /// old table go with it; the FTS5 table itself is a table of its own and keeps its rows. Raw SQL only, idempotent, and
    /// stamped after the day's model migrations so it runs after any rebuild. The model snapshot is unchanged.
    /// </summary>
    [DbContext(typeof(SqliteJiraQualityDbContext))]
    [Migration("20261207235000_FullTextSearchTriggersAfterRebuild")]
    public partial class FullTextSearchTriggersAfterRebuild : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var name in FullTextSearch.TriggerNames)
            {
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {name};");
            }

            foreach (var trigger in FullTextSearch.Triggers)
            {
                migrationBuilder.Sql(trigger);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The triggers belong to FullTextSearch, whose Down drops them.
        }
    }
}
