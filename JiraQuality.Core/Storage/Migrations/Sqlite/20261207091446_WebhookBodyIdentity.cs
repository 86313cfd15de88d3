using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JiraQuality.Core.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WebhookBodyIdentity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "body_identity",
                table: "webhook_deliveries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_body_identity",
                table: "webhook_deliveries",
                column: "body_identity",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_webhook_deliveries_body_identity",
                table: "webhook_deliveries");

            migrationBuilder.DropColumn(
                name: "body_identity",
                table: "webhook_deliveries");
        }
    }
}
