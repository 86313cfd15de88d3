using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace JiraQuality.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ReviewComments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "review_comments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    review_id = table.Column<Guid>(type: "uuid", nullable: false),
                    message_index = table.Column<int>(type: "integer", nullable: true),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    created_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_review_comments", x => x.id);
                    table.ForeignKey(
                        name: "FK_review_comments_reviews_review_id",
                        column: x => x.review_id,
                        principalTable: "reviews",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_review_comments_review_id",
                table: "review_comments",
                column: "review_id");

            // The single comment a review could hold becomes its first comment, about the same message.
            migrationBuilder.Sql(
                "INSERT INTO review_comments (review_id, message_index, text, created_at_utc) " +
                "SELECT id, comment_message_index, comment, updated_at_utc FROM reviews WHERE comment IS NOT NULL AND comment <> ''");

            migrationBuilder.DropColumn(
                name: "comment",
                table: "reviews");

            migrationBuilder.DropColumn(
                name: "comment_message_index",
                table: "reviews");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "comment",
                table: "reviews",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "comment_message_index",
                table: "reviews",
                type: "integer",
                nullable: true);

            migrationBuilder.Sql(
                "UPDATE reviews SET comment = (SELECT c.text FROM review_comments c WHERE c.review_id = reviews.id ORDER BY c.id LIMIT 1), " +
                "comment_message_index = (SELECT c.message_index FROM review_comments c WHERE c.review_id = reviews.id ORDER BY c.id LIMIT 1)");

            migrationBuilder.DropTable(
                name: "review_comments");
        }
    }
}
