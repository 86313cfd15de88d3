using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JiraQuality.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class HeuristicCrossCheck : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "heuristic_agent_score",
                table: "jira_processed_conversations",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "heuristic_rating",
                table: "jira_processed_conversations",
                type: "double precision",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "heuristic_agent_score",
                table: "jira_processed_conversations");

            migrationBuilder.DropColumn(
                name: "heuristic_rating",
                table: "jira_processed_conversations");
        }
    }
}
