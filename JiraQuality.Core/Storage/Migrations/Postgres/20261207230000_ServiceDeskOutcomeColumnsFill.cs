using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace JiraQuality.Core.Storage.Migrations.Postgres
{
    /// <summary>
    /// Fills <c>jsm_csat_rating</c> and <c>jsm_sla_breached</c> of the conversations scored before the columns existed, from
    /// the synced ticket fields, as <see cref="Conversations.ServiceDeskFields.Read"/> does for new ones. A ticket whose fields are
    /// not a JSON object is left unmeasured rather than failing the upgrade (a session-local helper turns a bad cast into
    /// an empty object). Raw SQL only: the model snapshot is unchanged.
    /// </summary>
    [DbContext(typeof(PostgresJiraQualityDbContext))]
    [Migration("20261207230000_ServiceDeskOutcomeColumnsFill")]
    public partial class ServiceDeskOutcomeColumnsFill : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION pg_temp.jq_custom_fields(fields text) RETURNS jsonb LANGUAGE plpgsql AS $$
                BEGIN
                    RETURN CASE WHEN jsonb_typeof(fields::jsonb) = 'object' THEN fields::jsonb ELSE '{}'::jsonb END;
                EXCEPTION WHEN others THEN
                    RETURN '{}'::jsonb;
                END
                $$;
                """);
            migrationBuilder.Sql("""
                UPDATE jira_processed_conversations AS x SET
                    jsm_csat_rating = CASE WHEN trim(f.fields ->> 'jsm_csat_rating') IN ('1', '2', '3', '4', '5') THEN trim(f.fields ->> 'jsm_csat_rating')::integer END,
                    jsm_sla_breached = (
                        SELECT CASE WHEN count(*) = 0 THEN NULL ELSE bool_or(e.value = 'true') END
                        FROM jsonb_each_text(f.fields) AS e
                        WHERE e.key LIKE 'jsm\_sla\_%\_breached')
                FROM (
                    SELECT p.issue_key, pg_temp.jq_custom_fields(p.custom_fields_json) AS fields
                    FROM jira_prepared_conversations AS p
                    WHERE strpos(p.custom_fields_json, '"jsm_') > 0) AS f
                WHERE f.issue_key = x.issue_key;
                """);
            migrationBuilder.Sql("DROP FUNCTION pg_temp.jq_custom_fields(text);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The columns themselves go with the model migration that added them.
        }
    }
}
