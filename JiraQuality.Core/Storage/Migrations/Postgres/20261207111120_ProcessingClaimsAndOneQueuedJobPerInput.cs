using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JiraQuality.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ProcessingClaimsAndOneQueuedJobPerInput : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "input_key",
                table: "job_runs",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "processing_claims",
                columns: table => new
                {
                    issue_key = table.Column<string>(type: "text", nullable: false),
                    claimed_by = table.Column<string>(type: "text", nullable: false),
                    claimed_until_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_processing_claims", x => x.issue_key);
                });

            // Jobs queued or running before this version get a key of their own, so the unique index can be built over them.
            migrationBuilder.Sql("UPDATE job_runs SET input_key = CAST(id AS TEXT) WHERE state IN ('queued', 'running')");

            migrationBuilder.CreateIndex(
                name: "ix_job_runs_one_active_per_input",
                table: "job_runs",
                columns: new[] { "kind", "input_key" },
                unique: true,
                filter: "state IN ('queued', 'running')");

            migrationBuilder.CreateIndex(
                name: "IX_processing_claims_claimed_by",
                table: "processing_claims",
                column: "claimed_by");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "processing_claims");

            migrationBuilder.DropIndex(
                name: "ix_job_runs_one_active_per_input",
                table: "job_runs");

            migrationBuilder.DropColumn(
                name: "input_key",
                table: "job_runs");
        }
    }
}
