using System.Text.Json;
using System.Text.Json.Nodes;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Reporting.Rollup;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Reporting;

/// <summary>
/// The hourly rollup is a shortcut, not a second definition: every figure of a dashboard state read through it must
/// equal the same state read from the rows, after inserts, re-scores that move a conversation, and deletes.
/// </summary>
public sealed class HourlyRollupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTime[] AsOfs = [Now, Now.AddMinutes(-17), Now.AddMinutes(31).AddSeconds(30)];
    private static readonly string[] Zones = ["UTC", "Europe/Berlin", "Asia/Kathmandu"];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_figure_and_filter_choice_of_a_dashboard_state_equals_the_one_read_from_the_rows(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var random = new Random(20240410);
        await SeedAsync(database, Enumerable.Range(0, 700).Select(i => RandomRow(random, $"R-{i:D4}")).ToArray());

        await AssertSameStatesAsync(database);

        // Re-score and move some conversations, delete others, add a few more: the touched hours are recomputed.
        await using (var db = database.Factory.CreateDbContext())
        {
            var rows = await db.ProcessedConversations.OrderBy(r => r.IssueKey).ToListAsync(Ct);
            foreach (var row in rows.Where((_, i) => i % 17 == 0))
            {
                row.ConversationEndUtc = (row.ConversationEndUtc ?? row.ConversationStartUtc!.Value).AddHours(random.Next(-200, 200)).AddMinutes(random.Next(60));
                row.AgentScore = random.Next(2) == 0 ? null : random.Next(1, 6);
                row.Resolved = random.Next(3) == 0 ? null : random.Next(2) == 0;
                row.PrimaryAgent = Pick(random, "Agent Alpha", "Agent Beta", null);
            }

            db.ProcessedConversations.RemoveRange(rows.Where((_, i) => i % 23 == 5));
            db.ProcessedConversations.AddRange(Enumerable.Range(0, 40).Select(i => RandomRow(random, $"N-{i:D4}")));
            await db.SaveChangesAsync(Ct);
        }

        await AssertSameStatesAsync(database);

        // A rebuild from scratch gives the rollup the saves kept up to date.
        await using (var db = database.Factory.CreateDbContext())
        {
            var kept = await RollupTextAsync(db);
            await MetricsRollupMaintenance.RebuildAsync(db, Ct);
            Assert.Equal(kept, await RollupTextAsync(db));
            Assert.NotEmpty(kept);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_saves_into_the_same_hours_leave_the_rollup_equal_to_a_rebuild(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var writers = Enumerable.Range(0, 6).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 5; i++)
            {
                await using var db = database.Factory.CreateDbContext();
                db.ProcessedConversations.Add(Row($"C-{writer}-{i}", Now.AddMinutes(-10 - (i % 2 * 60) - writer)));
                await db.SaveChangesAsync(Ct);
            }
        }, Ct));
        await Task.WhenAll(writers);

        await using var check = database.Factory.CreateDbContext();
        var kept = await RollupTextAsync(check);
        var overall = kept.Where(line => line.StartsWith("||", StringComparison.Ordinal)).Select(line => long.Parse(line.Split('|')[3], System.Globalization.CultureInfo.InvariantCulture)).Order();
        Assert.Equal([12L, 18L], overall);
        await MetricsRollupMaintenance.RebuildAsync(check, Ct);
        Assert.Equal(kept, await RollupTextAsync(check));
    }

    private static async Task<List<string>> RollupTextAsync(JiraQualityDbContext db) =>
        (await db.MetricsHourlyRollups.AsNoTracking().ToListAsync(Ct))
            .Select(r => $"{r.Dimension}|{r.Value}|{r.HourUtc:O}|{r.Count}|{r.ScoreSum:F6}|{r.ScoreN}|{r.AgentScoreN}|{r.ResolvedYes}|{r.ResolvedNo}|{r.Misclassified}|{r.ReasonVerdicts}|{r.ProfanityHits}|{r.MaxTier}")
            .Select(text => text.Replace("Z|", "|", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static async Task AssertSameStatesAsync(TestDatabase database)
    {
        var fast = CreateMetrics(database, new MetricsOptions { TopAgentsMinimumConversations = 1 });
        var reference = CreateMetrics(database, new MetricsOptions { TopAgentsMinimumConversations = 1, UseHourlyRollup = false });
        var checkedStates = 0;
        foreach (var asOf in AsOfs)
        {
            var expectedChoices = await reference.GetFilterOptionsAsync(asOf, Ct);
            Assert.Contains("Agent Gamma", expectedChoices.Agents);
            AssertSameJson(JsonSerializer.SerializeToNode(expectedChoices)!, JsonSerializer.SerializeToNode(await fast.GetFilterOptionsAsync(asOf, Ct))!, $"choices {asOf:O}");
            foreach (var window in new[] { MetricsWindow.Last24Hours, MetricsWindow.Last7Days, MetricsWindow.Last30Days })
            {
                foreach (var zone in Zones)
                {
                    var request = new MetricsRequest { AsOfUtc = asOf, Window = window, TimeZoneId = zone };
                    var expected = await reference.GetSnapshotAsync(request, Ct);
                    var actual = await fast.GetSnapshotAsync(request, Ct);
                    Assert.True(expected.Windows[2].Current.Conversations > 100, "the random data must fill the windows");
                    AssertSameJson(JsonSerializer.SerializeToNode(expected)!, JsonSerializer.SerializeToNode(actual)!, $"{asOf:O} {window} {zone}");
                    checkedStates++;
                }
            }
        }

        // One-attribute filters read their KPIs and trend from the rollup; the others, and combinations, read rows.
        MetricsFilter[] filters =
        [
            new() { Hub = "Hub A" }, new() { Hub = MetricsFilter.UnassignedHub }, new() { Sentiment = MetricsFilter.NeutralSentiment },
            new() { Sentiment = "Delight" }, new() { Agent = "Agent Beta" }, new() { Tier = "Tier2" }, new() { Status = "Open" },
            new() { Resolved = true }, new() { Hub = "Hub B", Status = "Done" }, new() { ContactReason = "Billing" },
        ];
        foreach (var filter in filters)
        {
            foreach (var window in new[] { MetricsWindow.Last24Hours, MetricsWindow.Last30Days })
            {
                var request = new MetricsRequest { AsOfUtc = AsOfs[1], Window = window, TimeZoneId = "Europe/Berlin", Filter = filter };
                var expected = await reference.GetSnapshotAsync(request, Ct);
                Assert.True(expected.Windows[2].Current.Conversations > 10, $"the random data must fill the windows of {filter}");
                AssertSameJson(JsonSerializer.SerializeToNode(expected)!, JsonSerializer.SerializeToNode(await fast.GetSnapshotAsync(request, Ct))!, $"{filter} {window}");
                checkedStates++;
            }
        }

        Assert.Equal((AsOfs.Length * 3 * Zones.Length) + (filters.Length * 2), checkedStates);
    }

    /// <summary>Same shape and values; numbers may differ only by the rounding of a different summation order.</summary>
    private static void AssertSameJson(JsonNode expected, JsonNode actual, string path)
    {
        switch (expected)
        {
            case JsonObject obj:
                var other = Assert.IsType<JsonObject>(actual);
                Assert.Equal(obj.Select(p => p.Key).Order(), other.Select(p => p.Key).Order());
                foreach (var (key, value) in obj)
                {
                    if (value is null)
                    {
                        Assert.True(other[key] is null, $"{path}.{key}: expected null, got {other[key]}");
                    }
                    else
                    {
                        Assert.True(other[key] is not null, $"{path}.{key}: expected {value}, got null");
                        AssertSameJson(value, other[key]!, $"{path}.{key}");
                    }
                }

                break;
            case JsonArray array:
                var items = Assert.IsType<JsonArray>(actual);
                Assert.True(array.Count == items.Count, $"{path}: {array.Count} items expected, {items.Count} found");
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is null)
                    {
                        Assert.Null(items[i]);
                    }
                    else
                    {
                        AssertSameJson(array[i]!, items[i]!, $"{path}[{i}]");
                    }
                }

                break;
            default:
                if (expected.AsValue().TryGetValue<double>(out var number))
                {
                    var found = actual.AsValue().GetValue<double>();
                    Assert.True(Math.Abs(number - found) <= 1e-9 * Math.Max(1, Math.Abs(number)), $"{path}: expected {number}, got {found}");
                }
                else
                {
                    Assert.True(expected.ToJsonString() == actual.ToJsonString(), $"{path}: expected {expected.ToJsonString()}, got {actual.ToJsonString()}");
                }

                break;
        }
    }

    private static T Pick<T>(Random random, params T[] values) => values[random.Next(values.Length)];

    private static ProcessedConversation RandomRow(Random random, string key)
    {
        // Mostly within the 60 days the KPIs read, some exactly on an hour or on a window boundary, a few outside.
        var ended = random.Next(10) switch
        {
            0 => Now.AddHours(-random.Next(0, 24 * 62)),
            1 => Pick(random, Now, Now.AddHours(-24), Now.AddHours(-48), Now.AddDays(-7), Now.AddDays(-14), Now.AddDays(-30), Now.AddDays(-60), Now.AddMinutes(-17).AddDays(-7)),
            2 => Now.AddMinutes(random.Next(1, 120)),
            _ => Now.AddSeconds(-random.Next(0, 62 * 24 * 3600)),
        };
        return Row(key, ended, r =>
        {
            if (random.Next(12) == 0)
            {
                r.ConversationEndUtc = null;
            }

            r.AgentScore = random.Next(5) == 0 ? null : Math.Round(1 + (random.NextDouble() * 4), 1);
            r.CustomerScore = random.Next(5) == 0 ? null : Math.Round(1 + (random.NextDouble() * 4), 1);
            r.ConversationScore = r.AgentScore is { } a && r.CustomerScore is { } c ? (a + c) / 2 : random.Next(3) == 0 ? null : random.Next(1, 6);
            r.Resolved = random.Next(4) == 0 ? null : random.Next(2) == 0;
            r.FirstAgentResponseMinutes = random.Next(6) == 0 ? null : random.NextDouble() * 40;
            r.AvgAgentResponseMinutes = random.Next(6) == 0 ? null : random.NextDouble() * 60;
            r.DurationToResolutionMinutes = random.Next(6) == 0 ? null : random.NextDouble() * 900;
            r.InitialResponseSla5m = random.Next(5) == 0 ? null : random.Next(2) == 0;
            r.InitialResponseSla15m = random.Next(5) == 0 ? null : random.Next(3) > 0;
            r.EscalatedTier1ToTier2 = random.Next(8) == 0;
            r.HandedOverFromTier1 = random.Next(5) == 0;
            r.CustomerAbuseDetected = random.Next(6) == 0;
            r.CustomerAbuseCount = r.CustomerAbuseDetected ? random.Next(1, 4) : 0;
            r.AgentProfanityDetected = random.Next(7) == 0;
            r.AgentProfanityCount = r.AgentProfanityDetected ? random.Next(1, 4) : 0;
            r.PrimaryAgent = Pick(random, "Agent Alpha", "Agent Beta", "Agent Gamma", "agent delta", "", null);
            r.PrimaryAgentTier = Pick(random, "Tier1", "Tier2", "NonAgent", null);
            r.Hub = Pick(random, "Hub A", "Hub B", MetricsFilter.UnassignedHub, "", null);
            r.Status = Pick(random, "Done", "Open", "Waiting");
            r.Reporter = Pick(random, "Customer Z", "Customer Y", "Customer X", "", null);
            r.ContactReason = Pick(random, "Billing", "Login", "Shipping", "", null);
            r.ContactReasonOriginal = Pick(random, "Billing", "Refund", "", null);
            r.ContactReasonChanged = random.Next(4) == 0 ? null : random.Next(3) == 0;
            r.SentimentPrimary = Pick(random, "Delight", "Frustration", "Neutral", "Trust", "Hostility", "Curious", "", " ", null);
            r.ImprovementTip = Pick(random, "Offer proactive updates", "offer proactive updates!", "Share the checklist", " ", null);
            r.CostUsd = random.Next(3) == 0 ? null : random.NextDouble() / 100;
        });
    }
}
