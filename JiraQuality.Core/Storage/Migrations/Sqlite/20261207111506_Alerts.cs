using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JiraQuality.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Alerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "alert_checkpoints",
                columns: table => new
                {
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    position_utc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    updated_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_checkpoints", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "alert_deliveries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    rule_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    rule_kind = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    issue_key = table.Column<string>(type: "TEXT", nullable: true),
                    payload_json = table.Column<string>(type: "TEXT", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", nullable: true),
                    created_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    next_attempt_at_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    claimed_until_utc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    claim_token = table.Column<Guid>(type: "TEXT", nullable: true),
                    sent_at_utc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    digest_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_deliveries", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_alert_deliveries_created_at_utc",
                table: "alert_deliveries",
                column: "created_at_utc");

            migrationBuilder.CreateIndex(
                name: "IX_alert_deliveries_digest_id",
                table: "alert_deliveries",
                column: "digest_id");

            migrationBuilder.CreateIndex(
                name: "IX_alert_deliveries_rule_id_subject",
                table: "alert_deliveries",
                columns: new[] { "rule_id", "subject" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_alert_deliveries_state_next_attempt_at_utc",
                table: "alert_deliveries",
                columns: new[] { "state", "next_attempt_at_utc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alert_checkpoints");

            migrationBuilder.DropTable(
                name: "alert_deliveries");
        }
    }
}
