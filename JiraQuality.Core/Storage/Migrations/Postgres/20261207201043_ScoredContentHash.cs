using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JiraQuality.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ScoredContentHash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "scored_content_hash",
                table: "jira_processed_conversations",
                type: "text",
                nullable: true);

            // Existing databases: a conversation flagged processed was scored from its current text.
            migrationBuilder.Sql(
                "UPDATE jira_processed_conversations SET scored_content_hash = (SELECT p.content_hash FROM jira_prepared_conversations AS p " +
                "WHERE p.issue_key = jira_processed_conversations.issue_key AND p.processed)");

            migrationBuilder.DropIndex(
                name: "IX_jira_prepared_conversations_processed_prepared_at_utc",
                table: "jira_prepared_conversations");

            migrationBuilder.DropColumn(
                name: "processed",
                table: "jira_prepared_conversations");

            migrationBuilder.CreateIndex(
                name: "IX_jira_prepared_conversations_prepared_at_utc",
                table: "jira_prepared_conversations",
                column: "prepared_at_utc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_jira_prepared_conversations_prepared_at_utc",
                table: "jira_prepared_conversations");

            migrationBuilder.AddColumn<bool>(
                name: "processed",
                table: "jira_prepared_conversations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.Sql(
                "UPDATE jira_prepared_conversations SET processed = EXISTS (SELECT 1 FROM jira_processed_conversations AS x " +
                "WHERE x.issue_key = jira_prepared_conversations.issue_key AND x.scored_content_hash = jira_prepared_conversations.content_hash)");

            migrationBuilder.DropColumn(
                name: "scored_content_hash",
                table: "jira_processed_conversations");

            migrationBuilder.CreateIndex(
                name: "IX_jira_prepared_conversations_processed_prepared_at_utc",
                table: "jira_prepared_conversations",
                columns: new[] { "processed", "prepared_at_utc" });
        }
    }
}
