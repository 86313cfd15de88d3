using System.Diagnostics;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Reporting.Rollup;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Benchmarks.Dashboard;

/// <summary>Loads synthetic processed conversations and times one dashboard state and one list page.</summary>
public sealed class DashboardBenchmark(JiraQualityContextFactory contexts, MetricsQuery metrics, ConversationQuery conversations, Func<MetricsQuery> freshMetrics)
{
    public sealed record Result(int Rows, double DashboardMedianMs, double FilteredDashboardMedianMs, double BroadFilterDashboardMedianMs, double FilterOptionsMedianMs, double ConversationPageMedianMs, int Runs);

    /// <summary>
    /// Spreads rows evenly over the <paramref name="days"/> days before <paramref name="asOf"/> with a fixed seed. PostgreSQL is loaded with
    /// a binary COPY; SQLite with batched inserts in one transaction per batch. Rows are written oldest first, as imports
    /// and syncs (ordered by <c>updated</c>) write them, unless <paramref name="shuffled"/> asks for the worst case: each
    /// row at a random time, so every window's rows are scattered over the whole table.
    /// </summary>
    public async Task SeedAsync(int rows, int days, DateTime asOf, TextWriter log, CancellationToken cancellationToken, bool shuffled = false)
    {
        if (contexts.Provider == DatabaseProvider.Postgres)
        {
            await CopyIntoPostgresAsync(Generate(rows, days, asOf, shuffled), cancellationToken);
            await using var db = contexts.CreateDbContext();
            await db.Database.ExecuteSqlRawAsync("ANALYZE jira_processed_conversations", cancellationToken);
            await log.WriteLineAsync($"Copied {rows:#,0} rows");

            // COPY bypasses the save that keeps the hourly rollup current, so it is rebuilt as the verb would.
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            var rollupRows = await MetricsRollupMaintenance.RebuildAsync(db, cancellationToken);
            await db.Database.ExecuteSqlRawAsync("ANALYZE metrics_hourly_rollups", cancellationToken);
            await log.WriteLineAsync($"Rebuilt the hourly rollup: {rollupRows:#,0} rows");
            return;
        }

        const int batch = 5000;
        using var source = Generate(rows, days, asOf, shuffled).GetEnumerator();
        var loaded = 0;
        while (loaded < rows)
        {
            await using var db = contexts.CreateDbContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = 0; i < batch && source.MoveNext(); i++)
            {
                db.ProcessedConversations.Add(source.Current);
                loaded++;
            }

            await db.SaveChangesAsync(cancellationToken);
            if (loaded % 100_000 == 0 || loaded == rows)
            {
                await log.WriteLineAsync($"Loaded {loaded:#,0} of {rows:#,0}");
            }
        }
    }

    private static IEnumerable<ProcessedConversation> Generate(int rows, int days, DateTime asOf, bool shuffled)
    {
        var random = new Random(42);
        var spanMinutes = days * 24d * 60d;
        for (var i = 0; i < rows; i++)
        {
            // Oldest first: row i falls at a random instant of its own 1/rows slice of the span, so the spread stays uniform.
            var ended = shuffled
                ? asOf.AddMinutes(-random.NextDouble() * spanMinutes)
                : asOf.AddMinutes(-spanMinutes + ((i + random.NextDouble()) * spanMinutes / rows));
            var agent = Math.Round((random.NextDouble() * 4) + 1, 1);
            var customer = Math.Round((random.NextDouble() * 4) + 1, 1);
            yield return new ProcessedConversation
            {
                IssueKey = $"BENCH-{i:D7}",
                Status = random.Next(4) == 0 ? "Open" : "Done",
                Hub = $"Hub {random.Next(12)}",
                Reporter = $"customer-{random.Next(20000)}",
                ConversationStartUtc = ended.AddMinutes(-30),
                ConversationEndUtc = ended,
                FirstAgentResponseMinutes = random.NextDouble() * 30,
                AvgAgentResponseMinutes = random.NextDouble() * 60,
                DurationToResolutionMinutes = random.NextDouble() * 600,
                MessagesTotal = 6,
                MessagesAgent = 3,
                MessagesCustomer = 3,
                Turns = 3,
                PrimaryAgent = $"agent-{random.Next(80)}",
                PrimaryAgentTier = random.Next(4) == 0 ? "Tier2" : "Tier1",
                InitialResponseSla5m = random.Next(3) > 0,
                InitialResponseSla15m = random.Next(5) > 0,
                EscalatedTier1ToTier2 = random.Next(10) == 0,
                HandedOverFromTier1 = random.Next(6) == 0,
                CustomerAbuseDetected = random.Next(50) == 0,
                AgentProfanityDetected = random.Next(200) == 0,
                ScorerKind = "heuristic",
                ScorerVersion = "bench",
                AgentScore = agent,
                CustomerScore = customer,
                ConversationScore = (agent + customer) / 2,
                Resolved = random.Next(4) > 0,
                ContactReason = $"Reason {random.Next(25)}",
                ContactReasonOriginal = $"Reason {random.Next(25)}",
                ContactReasonChanged = random.Next(8) == 0,
                SentimentPrimary = Sentiments[random.Next(Sentiments.Length)],
                ImprovementTip = $"Tip number {random.Next(300)}",
                CostUsd = random.NextDouble() / 100,
                ProcessedAtUtc = ended,
            };
        }
    }

    private async Task CopyIntoPostgresAsync(IEnumerable<ProcessedConversation> rows, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var import = await connection.BeginBinaryImportAsync(
            "COPY jira_processed_conversations (issue_key, status, resolution, hub, reporter, conversation_start_utc, conversation_end_utc, " +
            "first_agent_response_minutes, avg_agent_response_minutes, duration_to_resolution_minutes, messages_total, messages_agent, " +
            "messages_customer, messages_internal, turns, agent_authors, customer_authors, primary_agent, primary_agent_tier, " +
            "initial_response_sla5m, initial_response_sla15m, agent_profanity_count, agent_profanity_detected, customer_abuse_count, " +
            "customer_abuse_detected, escalated_tier1_to_tier2, handed_over_from_tier1, scorer_kind, scorer_version, agent_score, " +
            "customer_score, conversation_score, resolved, contact_reason, contact_reason_original, contact_reason_changed, " +
            "sentiment_primary, improvement_tip, cost_usd, processed_at_utc) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var r in rows)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(r.IssueKey, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(r.Status, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(r.Resolution, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(r.Hub, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(r.Reporter, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(r.ConversationStartUtc!.Value, NpgsqlTypes.NpgsqlDbType.TimestampTz, cancellationToken);
            await import.WriteAsync(r.ConversationEndUtc!.Value, NpgsqlTypes.NpgsqlDbType.TimestampTz, cancellationToken);
            await import.WriteAsync(r.FirstAgentResponseMinutes!.Value, NpgsqlTypes.NpgsqlDbType.Double, cancellationToken);
            await import.WriteAsync(r.AvgAgentResponseMinutes!.Value, NpgsqlTypes.NpgsqlDbType.Double, cancellationToken);
            await import.WriteAsync(r.DurationToResolutionMinutes!.Value, NpgsqlTypes.NpgsqlDbType.Double, cancellationToken);
            await import.WriteAsync(r.MessagesTotal, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken);
            await import.WriteAsync(r.MessagesAgent, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken);
            await import.WriteAsync(r.MessagesCustomer, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken);
            await import.WriteAsync(r.MessagesInternal, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken);
            await import.WriteAsync(r.Turns, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken);
            await import.WriteAsync(r.AgentAuthors, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(r.CustomerAuthors, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(r.PrimaryAgent, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(r.PrimaryAgentTier, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(r.InitialResponseSla5m!.Value, NpgsqlTypes.NpgsqlDbType.Boolean, cancellationToken);
            await import.WriteAsync(r.InitialResponseSla15m!.Value, NpgsqlTypes.NpgsqlDbType.Boolean, cancellationToken);
            await import.WriteAsync(r.AgentProfanityCount, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken);
            await import.WriteAsync(r.AgentProfanityDetected, NpgsqlTypes.NpgsqlDbType.Boolean, cancellationToken);
            await import.WriteAsync(r.CustomerAbuseCount, NpgsqlTypes.NpgsqlDbType.Integer, cancellationToken);
            await import.WriteAsync(r.CustomerAbuseDetected, NpgsqlTypes.NpgsqlDbType.Boolean, cancellationToken);
            await import.WriteAsync(r.EscalatedTier1ToTier2, NpgsqlTypes.NpgsqlDbType.Boolean, cancellationToken);
            await import.WriteAsync(r.HandedOverFromTier1, NpgsqlTypes.NpgsqlDbType.Boolean, cancellationToken);
            await import.WriteAsync(r.ScorerKind, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(r.ScorerVersion, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(r.AgentScore!.Value, NpgsqlTypes.NpgsqlDbType.Double, cancellationToken);
            await import.WriteAsync(r.CustomerScore!.Value, NpgsqlTypes.NpgsqlDbType.Double, cancellationToken);
            await import.WriteAsync(r.ConversationScore!.Value, NpgsqlTypes.NpgsqlDbType.Double, cancellationToken);
            await import.WriteAsync(r.Resolved!.Value, NpgsqlTypes.NpgsqlDbType.Boolean, cancellationToken);
            await import.WriteAsync(r.ContactReason, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(r.ContactReasonOriginal, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(r.ContactReasonChanged!.Value, NpgsqlTypes.NpgsqlDbType.Boolean, cancellationToken);
            await import.WriteAsync(r.SentimentPrimary, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(r.ImprovementTip, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(r.CostUsd!.Value, NpgsqlTypes.NpgsqlDbType.Double, cancellationToken);
            await import.WriteAsync(r.ProcessedAtUtc, NpgsqlTypes.NpgsqlDbType.TimestampTz, cancellationToken);
        }

        await import.CompleteAsync(cancellationToken);
    }

    public async Task<Result> MeasureAsync(DateTime asOf, int runs, CancellationToken cancellationToken)
    {
        await using (var db = contexts.CreateDbContext())
        {
            var rows = await db.ProcessedConversations.CountAsync(cancellationToken);
            var request = new MetricsRequest { AsOfUtc = asOf, Window = MetricsWindow.Last7Days };
            var list = new ConversationListRequest { AsOfUtc = asOf, Window = MetricsWindow.Last7Days, Page = 3, PageSize = 25 };

            // One warm-up run so caches and connection pools are in their steady state.
            await metrics.GetSnapshotAsync(request, cancellationToken);
            await conversations.GetPageAsync(list, cancellationToken);
            var dashboard = new List<double>();
            var filtered = new List<double>();
            var broad = new List<double>();
            var options = new List<double>();
            var page = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                var watch = Stopwatch.StartNew();
                await metrics.GetSnapshotAsync(request with { AsOfUtc = asOf.AddMinutes(-run) }, cancellationToken);
                dashboard.Add(watch.Elapsed.TotalMilliseconds);

                // A team view: filtered states are not in the rollup and read the rows.
                watch.Restart();
                await metrics.GetSnapshotAsync(request with { AsOfUtc = asOf.AddMinutes(-run), Filter = new MetricsFilter { Hub = "Hub 3" } }, cancellationToken);
                filtered.Add(watch.Elapsed.TotalMilliseconds);

                // The worst filter for the row path: three quarters of the synthetic rows are Done.
                watch.Restart();
                await metrics.GetSnapshotAsync(request with { AsOfUtc = asOf.AddMinutes(-run), Filter = new MetricsFilter { Status = "Done" } }, cancellationToken);
                broad.Add(watch.Elapsed.TotalMilliseconds);

                // A fresh query instance so the filter choices are read from the database, not the one-minute cache.
                watch.Restart();
                await freshMetrics().GetFilterOptionsAsync(asOf, cancellationToken);
                options.Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                await conversations.GetPageAsync(list, cancellationToken);
                page.Add(watch.Elapsed.TotalMilliseconds);
            }

            return new Result(rows, Median(dashboard), Median(filtered), Median(broad), Median(options), Median(page), runs);
        }
    }

    private static readonly string[] Sentiments = ["Delight", "Convenience", "Trust", "Frustration", "Disappointment", "Concern", "Hostility", "Neutral"];

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }
}
