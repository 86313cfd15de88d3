using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JiraQuality.Core.Storage.Migrations.Sqlite
{
    /// <summary>
    /// Fills <c>jsm_csat_rating</c> and <c>jsm_sla_breached</c> of the conversations scored before the columns existed, from
    /// the synced ticket fields, as <see cref="Conversations.ServiceDeskFields.Read"/> does for new ones. A ticket whose fields are
    /// not valid JSON is left unmeasured rather than failing the upgrade. Raw SQL only: the model snapshot is unchanged.
    /// </summary>
    [DbContext(typeof(SqliteJiraQualityDbContext))]
    [Migration("20261207230000_ServiceDeskOutcomeColumnsFill")]
    public partial class ServiceDeskOutcomeColumnsFill : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE jira_processed_conversations SET
                    jsm_csat_rating = (
                        SELECT CASE WHEN trim(json_extract(p.custom_fields_json, '$.jsm_csat_rating')) IN ('1', '2', '3', '4', '5')
                            THEN CAST(trim(json_extract(p.custom_fields_json, '$.jsm_csat_rating')) AS INTEGER) END
                        FROM jira_prepared_conversations AS p
                        WHERE p.issue_key = jira_processed_conversations.issue_key AND json_valid(p.custom_fields_json)
                            AND json_type(p.custom_fields_json) = 'object'),
                    jsm_sla_breached = (
                        SELECT CASE WHEN count(*) = 0 THEN NULL WHEN max(f.value = 'true') = 1 THEN 1 ELSE 0 END
                        FROM jira_prepared_conversations AS p,
                            json_each(CASE WHEN json_valid(p.custom_fields_json) AND json_type(p.custom_fields_json) = 'object' THEN p.custom_fields_json ELSE '{}' END) AS f
                        WHERE p.issue_key = jira_processed_conversations.issue_key AND f.key GLOB 'jsm_sla_*_breached')
                WHERE issue_key IN (SELECT issue_key FROM jira_prepared_conversations WHERE instr(custom_fields_json, '"jsm_') > 0);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The columns themselves go with the model migration that added them.
        }
    }
}
