using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;

namespace JiraQuality.Core.Reporting.Rollup;

/// <summary>
/// Keeps <see cref="MetricsHourlyRollup"/> in step with the processed conversations: the hours a save touches are
/// recomputed from the rows themselves inside the same transaction, so the rollup never disagrees with the rows and a
/// re-scored conversation moves its totals without any subtraction bookkeeping.
/// </summary>
public static class MetricsRollupMaintenance
{
    private const string Table = "metrics_hourly_rollups";
    private const int HoursPerStatement = 200;

    /// <summary>
    /// PostgreSQL transaction lock taken before a refresh. Two saves refreshing the same hour under READ COMMITTED would
    /// otherwise both delete the old totals and the second insert would collide with the first's; serialised, the
    /// second recomputes after the first has committed and sees both saves' rows.
    /// </summary>
    private const string PostgresRefreshLock = "SELECT pg_advisory_xact_lock(7453627301);";

    private const string Columns =
        "dimension, value, hour_utc, count, score_sum, score_n, agent_score_sum, agent_score_n, customer_score_sum, customer_score_n, " +
        "resolved_yes, resolved_no, first_response_sum, first_response_n, avg_response_sum, avg_response_n, sla5m_yes, sla5m_n, " +
        "sla15m_yes, sla15m_n, resolution_sum, resolution_n, escalated, handed_over, abusive_customer, profane_agent, profanity_hits, " +
        "misclassified, reason_verdicts, cost_sum, cost_n, max_tier";

    private const string Aggregates =
        "COUNT(*), COALESCE(SUM(x.conversation_score), 0), COUNT(x.conversation_score), " +
        "COALESCE(SUM(x.agent_score), 0), COUNT(x.agent_score), COALESCE(SUM(x.customer_score), 0), COUNT(x.customer_score), " +
        "SUM(CASE WHEN x.resolved THEN 1 ELSE 0 END), SUM(CASE WHEN NOT x.resolved THEN 1 ELSE 0 END), " +
        "COALESCE(SUM(x.first_agent_response_minutes), 0), COUNT(x.first_agent_response_minutes), " +
        "COALESCE(SUM(x.avg_agent_response_minutes), 0), COUNT(x.avg_agent_response_minutes), " +
        "SUM(CASE WHEN x.initial_response_sla5m THEN 1 ELSE 0 END), COUNT(x.initial_response_sla5m), " +
        "SUM(CASE WHEN x.initial_response_sla15m THEN 1 ELSE 0 END), COUNT(x.initial_response_sla15m), " +
        "COALESCE(SUM(x.duration_to_resolution_minutes), 0), COUNT(x.duration_to_resolution_minutes), " +
        "SUM(CASE WHEN x.escalated_tier1_to_tier2 THEN 1 ELSE 0 END), SUM(CASE WHEN x.handed_over_from_tier1 THEN 1 ELSE 0 END), " +
        "SUM(CASE WHEN x.customer_abuse_detected THEN 1 ELSE 0 END), SUM(CASE WHEN x.agent_profanity_detected THEN 1 ELSE 0 END), " +
        "COALESCE(SUM(x.agent_profanity_count), 0), " +
        "SUM(CASE WHEN x.contact_reason_changed THEN 1 ELSE 0 END), COUNT(x.contact_reason_changed), " +
        "COALESCE(SUM(x.cost_usd), 0), COUNT(x.cost_usd), MAX(x.primary_agent_tier)";

    /// <summary>The columns of a processed conversation the dimensions and totals read.</summary>
    private const string RowColumns =
        "reference_utc, primary_agent, primary_agent_tier, contact_reason, contact_reason_original, sentiment_primary, hub, status, " +
        "conversation_score, agent_score, customer_score, resolved, first_agent_response_minutes, avg_agent_response_minutes, " +
        "initial_response_sla5m, initial_response_sla15m, duration_to_resolution_minutes, escalated_tier1_to_tier2, handed_over_from_tier1, " +
        "customer_abuse_detected, agent_profanity_detected, agent_profanity_count, contact_reason_changed, cost_usd";

    /// <summary>Dimension name, value expression and the rows it covers (the same rules the raw queries use).</summary>
    private static readonly (string Name, string Value, string Where)[] Dimensions =
    [
        (MetricsHourlyRollup.Overall, "''", "1 = 1"),
        (MetricsHourlyRollup.AgentDimension, "x.primary_agent", "x.primary_agent IS NOT NULL AND x.primary_agent <> ''"),
        (MetricsHourlyRollup.ContactReasonDimension,
            "CASE WHEN x.contact_reason IS NOT NULL AND x.contact_reason <> '' THEN x.contact_reason " +
            "WHEN x.contact_reason_original IS NOT NULL AND x.contact_reason_original <> '' THEN x.contact_reason_original ELSE 'Unspecified' END",
            "1 = 1"),
        (MetricsHourlyRollup.SentimentDimension, "COALESCE(x.sentiment_primary, '')", "1 = 1"),
        (MetricsHourlyRollup.HubDimension, "COALESCE(x.hub, '')", "1 = 1"),
        (MetricsHourlyRollup.TierDimension, "x.primary_agent_tier", "x.primary_agent_tier IS NOT NULL AND x.primary_agent_tier <> ''"),
        (MetricsHourlyRollup.StatusDimension, "x.status", "x.status <> ''"),
        (MetricsHourlyRollup.ReasonChoiceDimension, "COALESCE(x.contact_reason, x.contact_reason_original, '')", "1 = 1"),
    ];

    public static DateTime HourOf(DateTime value)
    {
        var utc = DateTime.SpecifyKind(value, DateTimeKind.Utc);
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Utc);
    }

    /// <summary>The hours whose totals the pending changes alter: old and new reference hours of each changed row.</summary>
    internal static HashSet<DateTime> PendingHours(ChangeTracker tracker)
    {
        var hours = new HashSet<DateTime>();
        foreach (var entry in tracker.Entries<ProcessedConversation>())
        {
            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                AddReference(hours, entry.OriginalValues);
            }

            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                AddReference(hours, entry.CurrentValues);
            }
        }

        return hours;
    }

    private static void AddReference(HashSet<DateTime> hours, PropertyValues values)
    {
        var reference = values.GetValue<DateTime?>(nameof(ProcessedConversation.ConversationEndUtc))
            ?? values.GetValue<DateTime?>(nameof(ProcessedConversation.ConversationStartUtc));
        if (reference is { } value)
        {
            hours.Add(HourOf(value));
        }
    }

    /// <summary>Recomputes the given hours from the rows (in the caller's transaction, if any).</summary>
    public static async Task RefreshAsync(JiraQualityDbContext db, IReadOnlyCollection<DateTime> hours, CancellationToken cancellationToken)
    {
        foreach (var chunk in hours.Order().Chunk(HoursPerStatement))
        {
            var (sql, parameters) = RefreshBatch(db, chunk);
            await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
        }
    }

    public static void Refresh(JiraQualityDbContext db, IReadOnlyCollection<DateTime> hours)
    {
        foreach (var chunk in hours.Order().Chunk(HoursPerStatement))
        {
            var (sql, parameters) = RefreshBatch(db, chunk);
            db.Database.ExecuteSqlRaw(sql, parameters);
        }
    }

    /// <summary>
    /// Adds the totals of the given processed conversations to their hours, in one statement (in the caller's
    /// transaction). Only for rows the rollup does not count yet (just inserted, not replaced): a replaced row's hours
    /// must be recomputed with <see cref="RefreshAsync"/> instead. Unlike a refresh it reads only these rows, not every
    /// row of the hours they fall in, so its cost does not grow with the number of conversations per hour.
    /// </summary>
    public static async Task AddRowsAsync(JiraQualityDbContext db, IReadOnlyList<string> issueKeys, CancellationToken cancellationToken)
    {
        if (issueKeys.Count == 0)
        {
            return;
        }

        var sqlite = db.Database.IsSqlite();
        object keys = sqlite ? System.Text.Json.JsonSerializer.Serialize(issueKeys) : issueKeys.ToArray();
        var rows = sqlite
            ? "x.issue_key IN (SELECT value FROM json_each({0}))"
            : "x.issue_key = ANY({0})";
        var sql = new StringBuilder(sqlite ? "" : PostgresRefreshLock);
        sql.Append($"\nWITH touched AS MATERIALIZED (SELECT {RowColumns} FROM jira_processed_conversations x WHERE {rows} AND x.reference_utc IS NOT NULL) ");
        sql.Append($"INSERT INTO {Table} ({Columns}) SELECT * FROM (");
        for (var i = 0; i < Dimensions.Length; i++)
        {
            sql.Append(i == 0 ? "" : " UNION ALL ").Append(GroupSql(db, Dimensions[i], "touched x WHERE 1 = 1"));
        }

        // WHERE true: SQLite's parser needs it to tell an upsert's ON CONFLICT from a join's ON after a SELECT.
        sql.Append(") AS batch WHERE 1 = 1 ON CONFLICT (dimension, hour_utc, value) DO UPDATE SET ").Append(AddExcluded).Append(';');
        await db.Database.ExecuteSqlRawAsync(sql.ToString(), [keys], cancellationToken);
    }

    /// <summary>Every total plus the batch's; the highest tier of both (NULL when neither has one).</summary>
    private static readonly string AddExcluded = string.Join(", ", Columns.Split(", ").Skip(3).Select(column => column == "max_tier"
        ? $"max_tier = CASE WHEN {Table}.max_tier IS NULL OR excluded.max_tier > {Table}.max_tier THEN excluded.max_tier ELSE {Table}.max_tier END"
        : $"{column} = {Table}.{column} + excluded.{column}"));

    /// <summary>Drops and recomputes every rollup row from the processed conversations, in one transaction.</summary>
    public static async Task<long> RebuildAsync(JiraQualityDbContext db, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync(PostgresRefreshLock, cancellationToken);
        }

        await db.Database.ExecuteSqlRawAsync($"DELETE FROM {Table}", cancellationToken);
        foreach (var dimension in Dimensions)
        {
            await db.Database.ExecuteSqlRawAsync(InsertSql(db, dimension, "x.reference_utc IS NOT NULL"), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return await db.MetricsHourlyRollups.LongCountAsync(cancellationToken);
    }

    /// <summary>The delete and the inserts of one chunk of hours as one command, so a save pays one round trip for them.</summary>
    private static (string Sql, object[] Parameters) RefreshBatch(JiraQualityDbContext db, DateTime[] hours)
    {
        var parameters = new object[hours.Length * 2];
        var ranges = new StringBuilder();
        var list = new StringBuilder();
        for (var i = 0; i < hours.Length; i++)
        {
            parameters[2 * i] = hours[i];
            parameters[(2 * i) + 1] = hours[i].AddHours(1);
            ranges.Append(i == 0 ? "(" : " OR ").Append($"(x.reference_utc >= {{{2 * i}}} AND x.reference_utc < {{{(2 * i) + 1}}})");
            list.Append(i == 0 ? "" : ", ").Append($"{{{2 * i}}}");
        }

        ranges.Append(')');
        var sql = new StringBuilder(db.Database.IsSqlite() ? "" : PostgresRefreshLock);
        sql.Append($"DELETE FROM {Table} WHERE hour_utc IN ({list});");

        // The hours' rows are read once (the columns the totals need), then grouped by every dimension.
        sql.Append($"\nWITH touched AS MATERIALIZED (SELECT {RowColumns} FROM jira_processed_conversations x WHERE {ranges}) INSERT INTO {Table} ({Columns}) ");
        for (var i = 0; i < Dimensions.Length; i++)
        {
            sql.Append(i == 0 ? "" : " UNION ALL ").Append(GroupSql(db, Dimensions[i], "touched x WHERE 1 = 1"));
        }

        return (sql.Append(';').ToString(), parameters);
    }

    private static string InsertSql(JiraQualityDbContext db, (string Name, string Value, string Where) dimension, string rows) =>
        $"INSERT INTO {Table} ({Columns}) " + GroupSql(db, dimension, $"jira_processed_conversations x WHERE {rows}");

    /// <summary>The totals of one dimension per hour over <paramref name="source"/> (a FROM clause aliased x, with its WHERE).</summary>
    private static string GroupSql(JiraQualityDbContext db, (string Name, string Value, string Where) dimension, string source)
    {
        var hour = db.Database.IsSqlite()
            ? "replace(substr(x.reference_utc, 1, 13), 'T', ' ') || ':00:00'"
            : "date_trunc('hour', x.reference_utc, 'UTC')";
        var groups = dimension.Name == MetricsHourlyRollup.Overall ? hour : $"{dimension.Value}, {hour}";
        return $"SELECT '{dimension.Name}', {dimension.Value}, {hour}, {Aggregates} FROM {source} AND {dimension.Where} GROUP BY {groups}";
    }
}
