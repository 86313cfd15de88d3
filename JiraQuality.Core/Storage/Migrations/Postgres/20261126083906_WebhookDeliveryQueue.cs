using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JiraQuality.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WebhookDeliveryQueue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "attempts",
                table: "webhook_deliveries",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "claimed_until_utc",
                table: "webhook_deliveries",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "fetched_at_utc",
                table: "webhook_deliveries",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "last_error",
                table: "webhook_deliveries",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "next_attempt_at_utc",
                table: "webhook_deliveries",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            // Deliveries stored before this migration were handled in memory: nothing is left to fetch for them.
            migrationBuilder.AddColumn<string>(
                name: "state",
                table: "webhook_deliveries",
                type: "text",
                nullable: false,
                defaultValue: "fetched");

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_issue_key_state",
                table: "webhook_deliveries",
                columns: new[] { "issue_key", "state" });

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_received_at_utc",
                table: "webhook_deliveries",
                column: "received_at_utc");

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_state_next_attempt_at_utc",
                table: "webhook_deliveries",
                columns: new[] { "state", "next_attempt_at_utc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_webhook_deliveries_issue_key_state",
                table: "webhook_deliveries");

            migrationBuilder.DropIndex(
                name: "IX_webhook_deliveries_received_at_utc",
                table: "webhook_deliveries");

            migrationBuilder.DropIndex(
                name: "IX_webhook_deliveries_state_next_attempt_at_utc",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "attempts",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "claimed_until_utc",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "fetched_at_utc",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "last_error",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "next_attempt_at_utc",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "state",
                table: "webhook_deliveries");
        }
    }
}
