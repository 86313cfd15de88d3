using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace JiraQuality.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Review : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "review_assignments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    reviewer_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    reviewer_email = table.Column<string>(type: "text", nullable: false),
                    sampling = table.Column<string>(type: "text", nullable: false),
                    created_by = table.Column<string>(type: "text", nullable: false),
                    created_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    due_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_review_assignments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "review_calibration_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    created_by = table.Column<string>(type: "text", nullable: false),
                    created_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    issue_keys = table.Column<string>(type: "text", nullable: false),
                    reviewers = table.Column<string>(type: "text", nullable: false),
                    closed = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_review_calibration_sessions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "review_disputes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    issue_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    category = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    review_id = table.Column<Guid>(type: "uuid", nullable: true),
                    disputed_score = table.Column<double>(type: "double precision", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: false),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    corrected_score = table.Column<double>(type: "double precision", nullable: true),
                    opened_by = table.Column<string>(type: "text", nullable: false),
                    opened_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    resolved_by = table.Column<string>(type: "text", nullable: true),
                    resolved_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    resolution_note = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_review_disputes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "review_scorecards",
                columns: table => new
                {
                    version = table.Column<int>(type: "integer", nullable: false),
                    categories_json = table.Column<string>(type: "text", nullable: false),
                    created_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_review_scorecards", x => x.version);
                });

            migrationBuilder.CreateTable(
                name: "reviews",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    issue_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    reviewer_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    reviewer_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    context = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    scorecard_version = table.Column<int>(type: "integer", nullable: false),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    total = table.Column<double>(type: "double precision", nullable: true),
                    comment = table.Column<string>(type: "text", nullable: true),
                    comment_message_index = table.Column<int>(type: "integer", nullable: true),
                    ai_scorer_kind = table.Column<string>(type: "text", nullable: false),
                    ai_scorer_version = table.Column<string>(type: "text", nullable: true),
                    ai_model = table.Column<string>(type: "text", nullable: true),
                    ai_prompt_version = table.Column<string>(type: "text", nullable: true),
                    agent = table.Column<string>(type: "text", nullable: true),
                    hub = table.Column<string>(type: "text", nullable: true),
                    created_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reviews", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "review_assignment_items",
                columns: table => new
                {
                    assignment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    issue_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_review_assignment_items", x => new { x.assignment_id, x.issue_key });
                    table.ForeignKey(
                        name: "FK_review_assignment_items_review_assignments_assignment_id",
                        column: x => x.assignment_id,
                        principalTable: "review_assignments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "review_dispute_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    dispute_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "text", nullable: false),
                    state = table.Column<string>(type: "text", nullable: false),
                    corrected_score = table.Column<double>(type: "double precision", nullable: true),
                    note = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_review_dispute_events", x => x.id);
                    table.ForeignKey(
                        name: "FK_review_dispute_events_review_disputes_dispute_id",
                        column: x => x.dispute_id,
                        principalTable: "review_disputes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "review_scores",
                columns: table => new
                {
                    review_id = table.Column<Guid>(type: "uuid", nullable: false),
                    category = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    score = table.Column<double>(type: "double precision", nullable: true),
                    ai_score = table.Column<double>(type: "double precision", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_review_scores", x => new { x.review_id, x.category });
                    table.ForeignKey(
                        name: "FK_review_scores_reviews_review_id",
                        column: x => x.review_id,
                        principalTable: "reviews",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_review_assignments_reviewer_id",
                table: "review_assignments",
                column: "reviewer_id");

            migrationBuilder.CreateIndex(
                name: "IX_review_calibration_sessions_created_at_utc",
                table: "review_calibration_sessions",
                column: "created_at_utc");

            migrationBuilder.CreateIndex(
                name: "IX_review_dispute_events_dispute_id",
                table: "review_dispute_events",
                column: "dispute_id");

            migrationBuilder.CreateIndex(
                name: "IX_review_disputes_issue_key",
                table: "review_disputes",
                column: "issue_key");

            migrationBuilder.CreateIndex(
                name: "IX_review_disputes_state_opened_at_utc",
                table: "review_disputes",
                columns: new[] { "state", "opened_at_utc" });

            migrationBuilder.CreateIndex(
                name: "IX_review_scores_category",
                table: "review_scores",
                column: "category");

            migrationBuilder.CreateIndex(
                name: "IX_reviews_created_at_utc",
                table: "reviews",
                column: "created_at_utc");

            migrationBuilder.CreateIndex(
                name: "IX_reviews_issue_key_reviewer_id_context",
                table: "reviews",
                columns: new[] { "issue_key", "reviewer_id", "context" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reviews_reviewer_id",
                table: "reviews",
                column: "reviewer_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "review_assignment_items");

            migrationBuilder.DropTable(
                name: "review_calibration_sessions");

            migrationBuilder.DropTable(
                name: "review_dispute_events");

            migrationBuilder.DropTable(
                name: "review_scorecards");

            migrationBuilder.DropTable(
                name: "review_scores");

            migrationBuilder.DropTable(
                name: "review_assignments");

            migrationBuilder.DropTable(
                name: "review_disputes");

            migrationBuilder.DropTable(
                name: "reviews");
        }
    }
}
