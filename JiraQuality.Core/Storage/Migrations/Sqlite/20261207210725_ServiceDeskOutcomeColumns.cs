using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JiraQuality.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ServiceDeskOutcomeColumns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "jsm_csat_rating",
                table: "jira_processed_conversations",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "jsm_sla_breached",
                table: "jira_processed_conversations",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "jsm_csat_rating",
                table: "jira_processed_conversations");

            migrationBuilder.DropColumn(
                name: "jsm_sla_breached",
                table: "jira_processed_conversations");
        }
    }
}
