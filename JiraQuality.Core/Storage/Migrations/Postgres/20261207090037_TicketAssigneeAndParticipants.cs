using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JiraQuality.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TicketAssigneeAndParticipants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "assignee",
                table: "jira_prepared_conversations",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "assignee_account_id",
                table: "jira_prepared_conversations",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "request_participants",
                table: "jira_prepared_conversations",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "assignee",
                table: "jira_prepared_conversations");

            migrationBuilder.DropColumn(
                name: "assignee_account_id",
                table: "jira_prepared_conversations");

            migrationBuilder.DropColumn(
                name: "request_participants",
                table: "jira_prepared_conversations");
        }
    }
}
