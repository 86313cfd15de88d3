using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JiraQuality.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PreparedReporterAccountId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "reporter_account_id",
                table: "jira_prepared_conversations",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "reporter_account_id",
                table: "jira_prepared_conversations");
        }
    }
}
