using System.Diagnostics;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Metrics;

/// <summary>Loads synthetic processed conversations and times one dashboard state and one list page.</summary>
public sealed class DashboardBenchmark(JiraQualityContextFactory contexts, MetricsQuery metrics, ConversationQuery conversations, Func<MetricsQuery> freshMetrics)
{
    public sealed record Result(int Rows, double DashboardMedianMs, double FilterOptionsMedianMs, double ConversationPageMedianMs, int Runs);

    /// <summary>Spreads rows evenly over the 90 days before <paramref name="asOf"/> with a fixed seed.</summary>
    public async Task SeedAsync(int rows, DateTime asOf, TextWriter log, CancellationToken cancellationToken)
    {
        var random = new Random(42);
        const int batch = 5000;
        for (var start = 0; start < rows; start += batch)
        {
            await using var db = contexts.CreateDbContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(rows, start + batch); i++)
            {
                var ended = asOf.AddMinutes(-random.NextDouble() * 90 * 24 * 60);
                var agent = random.NextDouble() * 4 + 1;
                var customer = random.NextDouble() * 4 + 1;
                db.ProcessedConversations.Add(new ProcessedConversation
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
                });
            }

            await db.SaveChangesAsync(cancellationToken);
            if ((start / batch) % 20 == 0)
            {
                await log.WriteLineAsync($"Loaded {Math.Min(rows, start + batch):#,0} of {rows:#,0}");
            }
        }
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
            var options = new List<double>();
            var page = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                var watch = Stopwatch.StartNew();
                await metrics.GetSnapshotAsync(request with { AsOfUtc = asOf.AddMinutes(-run) }, cancellationToken);
                dashboard.Add(watch.Elapsed.TotalMilliseconds);

                // A fresh query instance so the filter choices are read from the database, not the one-minute cache.
                watch.Restart();
                await freshMetrics().GetFilterOptionsAsync(asOf, cancellationToken);
                options.Add(watch.Elapsed.TotalMilliseconds);
                watch.Restart();
                await conversations.GetPageAsync(list, cancellationToken);
                page.Add(watch.Elapsed.TotalMilliseconds);
            }

            return new Result(rows, Median(dashboard), Median(options), Median(page), runs);
        }
    }

    private static readonly string[] Sentiments = ["Delight", "Convenience", "Trust", "Frustration", "Disappointment", "Concern", "Hostility", "Neutral"];

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }
}
