using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JiraQuality.Core.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agent_directory",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    display_name = table.Column<string>(type: "text", nullable: false),
                    tier = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agent_directory", x => x.account_id);
                });

            migrationBuilder.CreateTable(
                name: "jira_prepared_conversations",
                columns: table => new
                {
                    issue_key = table.Column<string>(type: "text", nullable: false),
                    summary = table.Column<string>(type: "text", nullable: false),
                    reporter = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    resolution = table.Column<string>(type: "text", nullable: false),
                    created_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    updated_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    due_date = table.Column<string>(type: "text", nullable: true),
                    hub = table.Column<string>(type: "text", nullable: true),
                    contact_reason = table.Column<string>(type: "text", nullable: true),
                    satisfaction_rating = table.Column<string>(type: "text", nullable: true),
                    custom_fields_json = table.Column<string>(type: "text", nullable: false),
                    thread_json = table.Column<string>(type: "text", nullable: false),
                    token_count = table.Column<int>(type: "integer", nullable: false),
                    trim_json = table.Column<string>(type: "text", nullable: true),
                    source = table.Column<string>(type: "text", nullable: false),
                    prepared_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    content_hash = table.Column<string>(type: "text", nullable: false),
                    processed = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jira_prepared_conversations", x => x.issue_key);
                });

            migrationBuilder.CreateTable(
                name: "jira_processed_conversations",
                columns: table => new
                {
                    issue_key = table.Column<string>(type: "text", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    resolution = table.Column<string>(type: "text", nullable: false),
                    hub = table.Column<string>(type: "text", nullable: true),
                    reporter = table.Column<string>(type: "text", nullable: true),
                    created_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    conversation_start_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    conversation_end_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    reference_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true, computedColumnSql: "COALESCE(conversation_end_utc, conversation_start_utc)", stored: true),
                    duration_minutes = table.Column<double>(type: "double precision", nullable: true),
                    duration_to_resolution_minutes = table.Column<double>(type: "double precision", nullable: true),
                    first_agent_response_minutes = table.Column<double>(type: "double precision", nullable: true),
                    avg_agent_response_minutes = table.Column<double>(type: "double precision", nullable: true),
                    avg_customer_response_minutes = table.Column<double>(type: "double precision", nullable: true),
                    messages_total = table.Column<int>(type: "integer", nullable: false),
                    messages_agent = table.Column<int>(type: "integer", nullable: false),
                    messages_customer = table.Column<int>(type: "integer", nullable: false),
                    messages_internal = table.Column<int>(type: "integer", nullable: false),
                    turns = table.Column<int>(type: "integer", nullable: false),
                    agent_authors = table.Column<string>(type: "text", nullable: false),
                    customer_authors = table.Column<string>(type: "text", nullable: false),
                    first_responder = table.Column<string>(type: "text", nullable: true),
                    first_responder_tier = table.Column<string>(type: "text", nullable: true),
                    primary_agent = table.Column<string>(type: "text", nullable: true),
                    primary_agent_tier = table.Column<string>(type: "text", nullable: true),
                    initial_response_sla5m = table.Column<bool>(type: "boolean", nullable: true),
                    initial_response_sla15m = table.Column<bool>(type: "boolean", nullable: true),
                    agent_profanity_count = table.Column<int>(type: "integer", nullable: false),
                    agent_profanity_detected = table.Column<bool>(type: "boolean", nullable: false),
                    customer_abuse_count = table.Column<int>(type: "integer", nullable: false),
                    customer_abuse_detected = table.Column<bool>(type: "boolean", nullable: false),
                    escalated_tier1_to_tier2 = table.Column<bool>(type: "boolean", nullable: false),
                    handed_over_from_tier1 = table.Column<bool>(type: "boolean", nullable: false),
                    scorer_kind = table.Column<string>(type: "text", nullable: false),
                    scorer_version = table.Column<string>(type: "text", nullable: false),
                    model = table.Column<string>(type: "text", nullable: true),
                    prompt_version = table.Column<string>(type: "text", nullable: true),
                    summary = table.Column<string>(type: "text", nullable: true),
                    conversation_rating = table.Column<double>(type: "double precision", nullable: true),
                    agent_score = table.Column<double>(type: "double precision", nullable: true),
                    customer_score = table.Column<double>(type: "double precision", nullable: true),
                    conversation_score = table.Column<double>(type: "double precision", nullable: true),
                    resolved = table.Column<bool>(type: "boolean", nullable: true),
                    resolution_message_index = table.Column<int>(type: "integer", nullable: true),
                    resolution_timestamp_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    problem_extract = table.Column<string>(type: "text", nullable: true),
                    resolution_extract = table.Column<string>(type: "text", nullable: true),
                    steps_json = table.Column<string>(type: "text", nullable: true),
                    contact_reason = table.Column<string>(type: "text", nullable: true),
                    contact_reason_raw = table.Column<string>(type: "text", nullable: true),
                    contact_reason_original = table.Column<string>(type: "text", nullable: true),
                    contact_reason_changed = table.Column<bool>(type: "boolean", nullable: true),
                    reason_override_why = table.Column<string>(type: "text", nullable: true),
                    resolution_why = table.Column<string>(type: "text", nullable: true),
                    sentiment_primary = table.Column<string>(type: "text", nullable: true),
                    sentiment_scores_json = table.Column<string>(type: "text", nullable: true),
                    improvement_tip = table.Column<string>(type: "text", nullable: true),
                    needs_improvement = table.Column<bool>(type: "boolean", nullable: true),
                    score_reasons_json = table.Column<string>(type: "text", nullable: true),
                    input_tokens = table.Column<int>(type: "integer", nullable: true),
                    cached_input_tokens = table.Column<int>(type: "integer", nullable: true),
                    output_tokens = table.Column<int>(type: "integer", nullable: true),
                    cost_usd = table.Column<double>(type: "double precision", nullable: true),
                    job_id = table.Column<Guid>(type: "uuid", nullable: true),
                    processed_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jira_processed_conversations", x => x.issue_key);
                });

            migrationBuilder.CreateTable(
                name: "job_runs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    parameters_json = table.Column<string>(type: "text", nullable: false),
                    requested_by = table.Column<string>(type: "text", nullable: false),
                    state = table.Column<string>(type: "text", nullable: false),
                    total = table.Column<int>(type: "integer", nullable: false),
                    completed = table.Column<int>(type: "integer", nullable: false),
                    failed = table.Column<int>(type: "integer", nullable: false),
                    current_item = table.Column<string>(type: "text", nullable: true),
                    created_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    started_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    finished_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    summary = table.Column<string>(type: "text", nullable: true),
                    log_tail = table.Column<string>(type: "text", nullable: false),
                    cost_usd = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_job_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "metrics_hourly_rollups",
                columns: table => new
                {
                    dimension = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<string>(type: "text", nullable: false),
                    hour_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false),
                    score_sum = table.Column<double>(type: "double precision", nullable: false),
                    score_n = table.Column<long>(type: "bigint", nullable: false),
                    agent_score_sum = table.Column<double>(type: "double precision", nullable: false),
                    agent_score_n = table.Column<long>(type: "bigint", nullable: false),
                    customer_score_sum = table.Column<double>(type: "double precision", nullable: false),
                    customer_score_n = table.Column<long>(type: "bigint", nullable: false),
                    resolved_yes = table.Column<long>(type: "bigint", nullable: false),
                    resolved_no = table.Column<long>(type: "bigint", nullable: false),
                    first_response_sum = table.Column<double>(type: "double precision", nullable: false),
                    first_response_n = table.Column<long>(type: "bigint", nullable: false),
                    avg_response_sum = table.Column<double>(type: "double precision", nullable: false),
                    avg_response_n = table.Column<long>(type: "bigint", nullable: false),
                    sla5m_yes = table.Column<long>(type: "bigint", nullable: false),
                    sla5m_n = table.Column<long>(type: "bigint", nullable: false),
                    sla15m_yes = table.Column<long>(type: "bigint", nullable: false),
                    sla15m_n = table.Column<long>(type: "bigint", nullable: false),
                    resolution_sum = table.Column<double>(type: "double precision", nullable: false),
                    resolution_n = table.Column<long>(type: "bigint", nullable: false),
                    escalated = table.Column<long>(type: "bigint", nullable: false),
                    handed_over = table.Column<long>(type: "bigint", nullable: false),
                    abusive_customer = table.Column<long>(type: "bigint", nullable: false),
                    profane_agent = table.Column<long>(type: "bigint", nullable: false),
                    profanity_hits = table.Column<long>(type: "bigint", nullable: false),
                    misclassified = table.Column<long>(type: "bigint", nullable: false),
                    reason_verdicts = table.Column<long>(type: "bigint", nullable: false),
                    cost_sum = table.Column<double>(type: "double precision", nullable: false),
                    cost_n = table.Column<long>(type: "bigint", nullable: false),
                    max_tier = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_metrics_hourly_rollups", x => new { x.dimension, x.hour_utc, x.value });
                });

            migrationBuilder.CreateTable(
                name: "scoring_failures",
                columns: table => new
                {
                    issue_key = table.Column<string>(type: "text", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "text", nullable: false),
                    last_attempt_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    scorer_version = table.Column<string>(type: "text", nullable: false),
                    job_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scoring_failures", x => x.issue_key);
                });

            migrationBuilder.CreateTable(
                name: "sync_checkpoints",
                columns: table => new
                {
                    name = table.Column<string>(type: "text", nullable: false),
                    updated_cursor_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_issue_key = table.Column<string>(type: "text", nullable: true),
                    last_run_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_run_issues = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sync_checkpoints", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    identifier = table.Column<string>(type: "text", nullable: false),
                    received_at_utc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    issue_key = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_deliveries", x => x.identifier);
                });

            migrationBuilder.CreateIndex(
                name: "IX_jira_prepared_conversations_created_utc",
                table: "jira_prepared_conversations",
                column: "created_utc");

            migrationBuilder.CreateIndex(
                name: "IX_jira_prepared_conversations_processed_prepared_at_utc",
                table: "jira_prepared_conversations",
                columns: new[] { "processed", "prepared_at_utc" });

            migrationBuilder.CreateIndex(
                name: "IX_jira_prepared_conversations_updated_utc",
                table: "jira_prepared_conversations",
                column: "updated_utc");

            migrationBuilder.CreateIndex(
                name: "ix_jira_processed_conversations_abusive_reference_utc",
                table: "jira_processed_conversations",
                column: "reference_utc",
                filter: "customer_abuse_detected");

            migrationBuilder.CreateIndex(
                name: "IX_jira_processed_conversations_contact_reason_reference_utc",
                table: "jira_processed_conversations",
                columns: new[] { "contact_reason", "reference_utc" });

            migrationBuilder.CreateIndex(
                name: "IX_jira_processed_conversations_conversation_end_utc",
                table: "jira_processed_conversations",
                column: "conversation_end_utc");

            migrationBuilder.CreateIndex(
                name: "IX_jira_processed_conversations_conversation_start_utc",
                table: "jira_processed_conversations",
                column: "conversation_start_utc");

            migrationBuilder.CreateIndex(
                name: "IX_jira_processed_conversations_hub_reference_utc",
                table: "jira_processed_conversations",
                columns: new[] { "hub", "reference_utc" });

            migrationBuilder.CreateIndex(
                name: "IX_jira_processed_conversations_primary_agent_reference_utc",
                table: "jira_processed_conversations",
                columns: new[] { "primary_agent", "reference_utc" });

            migrationBuilder.CreateIndex(
                name: "IX_jira_processed_conversations_reference_utc",
                table: "jira_processed_conversations",
                column: "reference_utc");

            migrationBuilder.CreateIndex(
                name: "IX_jira_processed_conversations_scorer_version",
                table: "jira_processed_conversations",
                column: "scorer_version");

            migrationBuilder.CreateIndex(
                name: "IX_job_runs_created_at_utc",
                table: "job_runs",
                column: "created_at_utc");

            migrationBuilder.CreateIndex(
                name: "IX_job_runs_state_kind",
                table: "job_runs",
                columns: new[] { "state", "kind" });

            migrationBuilder.CreateIndex(
                name: "IX_metrics_hourly_rollups_hour_utc",
                table: "metrics_hourly_rollups",
                column: "hour_utc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agent_directory");

            migrationBuilder.DropTable(
                name: "jira_prepared_conversations");

            migrationBuilder.DropTable(
                name: "jira_processed_conversations");

            migrationBuilder.DropTable(
                name: "job_runs");

            migrationBuilder.DropTable(
                name: "metrics_hourly_rollups");

            migrationBuilder.DropTable(
                name: "scoring_failures");

            migrationBuilder.DropTable(
                name: "sync_checkpoints");

            migrationBuilder.DropTable(
                name: "webhook_deliveries");
        }
    }
}
