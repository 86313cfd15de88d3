using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Reporting;

/// <summary>Window and KPI maths on both providers, including the predecessor's acceptance cases (§22) adapted.</summary>
public sealed class MetricsQueryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task M2_windows_hold_the_rows_ended_inside_them_including_one_stamped_exactly_at_the_anchor(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db,
            Row("W-0", Now),
            Row("W-2H", Now.AddHours(-2)),
            Row("W-4D", Now.AddDays(-4)),
            Row("W-20D", Now.AddDays(-20)),
            Row("W-FUTURE", Now.AddHours(1)),
            Row("W-OLD", Now.AddDays(-90)));

        var kpis = await CreateMetrics(db).GetKpisAsync(null, MetricsFilter.None, Ct);

        Assert.Equal([2L, 3L, 4L], kpis.Select(w => w.Current.Conversations));
        Assert.Equal(MetricsWindow.Last24Hours, kpis[0].Window);
        Assert.Equal(Now, kpis[0].Current.ToUtc);
        Assert.Equal(Now.AddHours(-24), kpis[0].Current.FromUtc);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task M4_M6_score_and_resolution_rates_are_means_and_shares_of_the_window(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db,
            Row("S-1", Now.AddHours(-1), r => { Scores(r, 4, 4); r.Resolved = true; }),
            Row("S-2", Now.AddHours(-2), r => { Scores(r, 1, 3); r.Resolved = false; r.InitialResponseSla5m = false; r.FirstAgentResponseMinutes = 12; }),
            Row("S-3", Now.AddHours(-3), r => { r.ConversationScore = null; r.AgentScore = null; r.CustomerScore = null; r.Resolved = null; r.InitialResponseSla5m = null; r.InitialResponseSla15m = null; r.FirstAgentResponseMinutes = null; }));

        var day = (await CreateMetrics(db).GetKpisAsync(null, MetricsFilter.None, Ct))[0].Current;

        Assert.Equal(3, day[KpiId.ConversationScore].Value);
        Assert.Equal(2.5, day[KpiId.AgentScore].Value);
        Assert.Equal(3.5, day[KpiId.CustomerScore].Value);
        Assert.Equal(50, day[KpiId.ResolvedPercent].Value);
        Assert.Equal((1L, 2L), (day[KpiId.ResolvedPercent].Count, day[KpiId.ResolvedPercent].Total));
        Assert.Equal(50, day[KpiId.UnresolvedPercent].Value);
        Assert.Equal(8.5, day[KpiId.FirstResponseMinutes].Value);
        Assert.Equal(50, day[KpiId.Sla5mPercent].Value);
        Assert.Equal(100, day[KpiId.Sla15mPercent].Value);
        Assert.Equal(3, day[KpiId.Volume].Value);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Previous_period_deltas_compare_equal_lengths_and_know_which_way_is_good(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db,
            // Current 24 h: two conversations, one escalated, first response 10.
            Row("D-1", Now.AddHours(-1), r => { r.EscalatedTier1ToTier2 = true; r.HandedOverFromTier1 = true; r.FirstAgentResponseMinutes = 10; Scores(r, 5, 5); r.CostUsd = 0.02; }),
            Row("D-2", Now.AddHours(-23), r => { r.FirstAgentResponseMinutes = 10; Scores(r, 5, 5); r.CostUsd = 0.01; }),
            // Previous 24 h: four conversations, none escalated, first response 4.
            Row("D-3", Now.AddHours(-25), r => { r.FirstAgentResponseMinutes = 4; Scores(r, 3, 3); }),
            Row("D-4", Now.AddHours(-30), r => { r.FirstAgentResponseMinutes = 4; Scores(r, 3, 3); }),
            Row("D-5", Now.AddHours(-40), r => { r.FirstAgentResponseMinutes = 4; Scores(r, 3, 3); }),
            Row("D-6", Now.AddHours(-47.9), r => { r.FirstAgentResponseMinutes = 4; Scores(r, 3, 3); }),
            // Exactly 48 h back belongs to the 7 d window, not to the previous 24 h.
            Row("D-7", Now.AddHours(-48).AddSeconds(-1)),
            // Previous 7 d period.
            Row("D-8", Now.AddDays(-10)));

        var kpis = await CreateMetrics(db).GetKpisAsync(null, MetricsFilter.None, Ct);
        var day = kpis[0];

        Assert.Equal(2, day.Current.Conversations);
        Assert.Equal(4, day.Previous.Conversations);
        Assert.Equal(Now.AddHours(-48), day.Previous.FromUtc);
        Assert.Equal(50, day.Current[KpiId.EscalationTier1ToTier2Percent].Value);
        Assert.Equal(0, day.Previous[KpiId.EscalationTier1ToTier2Percent].Value);
        Assert.Equal(50, day.Delta(KpiId.EscalationTier1ToTier2Percent));
        Assert.False(day.IsImprovement(KpiId.EscalationTier1ToTier2Percent));
        Assert.Equal(6, day.Delta(KpiId.FirstResponseMinutes));
        Assert.False(day.IsImprovement(KpiId.FirstResponseMinutes));
        Assert.Equal(2, day.Delta(KpiId.ConversationScore));
        Assert.True(day.IsImprovement(KpiId.ConversationScore));
        Assert.Null(day.IsImprovement(KpiId.Volume));
        Assert.Equal(0.03, day.Current[KpiId.LlmCostUsd].Value!.Value, 6);
        Assert.Null(day.Previous[KpiId.LlmCostUsd].Value);

        Assert.Equal(7, kpis[1].Current.Conversations);
        Assert.Equal(1, kpis[1].Previous.Conversations);
        Assert.Equal(8, kpis[2].Current.Conversations);
        Assert.Equal(0, kpis[2].Previous.Conversations);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Filters_narrow_every_figure(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db,
            Row("ABC-1", Now.AddHours(-1), r => { r.PrimaryAgent = "Agent Beta"; r.PrimaryAgentTier = "Tier2"; r.Resolved = true; }),
            Row("ABC-2", Now.AddHours(-2), r => { r.Hub = null; r.SentimentPrimary = null; }),
            Row("XYZ-3", Now.AddHours(-3), r => { r.Hub = ""; r.Status = "Open"; r.ContactReason = null; r.ContactReasonOriginal = "Refund"; r.SentimentPrimary = "Hostility"; }),
            Row("XYZ-4", Now.AddHours(-4), r => { r.ContactReason = null; r.ContactReasonOriginal = null; }));
        var metrics = CreateMetrics(db);

        async Task<long> Count(MetricsFilter filter) => (await metrics.GetKpisAsync(null, filter, Ct))[0].Current.Conversations;

        Assert.Equal(1, await Count(new MetricsFilter { Agent = "Agent Beta" }));
        Assert.Equal(3, await Count(new MetricsFilter { Tier = "Tier1" }));
        Assert.Equal(2, await Count(new MetricsFilter { Hub = MetricsFilter.UnassignedHub }));
        Assert.Equal(2, await Count(new MetricsFilter { Hub = "Hub A" }));
        Assert.Equal(1, await Count(new MetricsFilter { Status = "Open" }));
        Assert.Equal(1, await Count(new MetricsFilter { ContactReason = "Refund" }));
        Assert.Equal(1, await Count(new MetricsFilter { ContactReason = MetricsFilter.UnspecifiedReason }));
        Assert.Equal(2, await Count(new MetricsFilter { ContactReason = "Billing" }));
        Assert.Equal(1, await Count(new MetricsFilter { Resolved = true }));
        Assert.Equal(3, await Count(new MetricsFilter { Resolved = false }));
        Assert.Equal(3, await Count(new MetricsFilter { Sentiment = "Neutral" }));
        Assert.Equal(2, await Count(new MetricsFilter { Search = "abc" }));
        Assert.Equal(1, await Count(new MetricsFilter { Search = "z-4" }));

        var options = await metrics.GetFilterOptionsAsync(null, Ct);
        Assert.Equal(["Agent Alpha", "Agent Beta"], options.Agents);
        Assert.Equal(["Hub A", MetricsFilter.UnassignedHub], options.Hubs);
        Assert.Equal(["Billing", "Refund", MetricsFilter.UnspecifiedReason], options.ContactReasons);
        Assert.Equal(["Hostility", "Neutral"], options.Sentiments);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task M7_M8_top_agents_need_enough_conversations_and_one_lucky_ticket_cannot_top_the_list(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var rows = new List<ProcessedConversation>
        {
            Row("T-LUCKY", Now.AddHours(-5), r => { r.PrimaryAgent = "Lucky"; Scores(r, 5, 5); }),
        };
        for (var i = 0; i < 6; i++)
        {
            rows.Add(Row($"T-A{i}", Now.AddHours(-10 - i), r => { r.PrimaryAgent = "Agent A"; Scores(r, i % 2 == 0 ? 4.8 : 4.4, 4); }));
            rows.Add(Row($"T-B{i}", Now.AddHours(-30 - i), r => { r.PrimaryAgent = "Agent B"; r.PrimaryAgentTier = "Tier2"; Scores(r, 3.2, 4); }));
        }

        for (var i = 0; i < 20; i++)
        {
            rows.Add(Row($"T-C{i}", Now.AddDays(-2).AddMinutes(-i), r => { r.PrimaryAgent = "Agent C"; Scores(r, 4.5, 4); }));
        }

        await SeedAsync(db, rows.ToArray());
        var metrics = CreateMetrics(db, new MetricsOptions { TopAgentsMinimumConversations = 5, TopAgentsPriorWeight = 10 });

        var snapshot = await metrics.GetSnapshotAsync(new MetricsRequest { Window = MetricsWindow.Last7Days }, Ct);

        Assert.DoesNotContain(snapshot.TopAgents, a => a.Agent == "Lucky");
        // Agent A's mean (4.6) beats C's (4.5) but over 6 conversations its shrunk score stays below C's over 20.
        Assert.Equal(["Agent C", "Agent A", "Agent B"], snapshot.TopAgents.Select(a => a.Agent));
        Assert.Equal(4.6, snapshot.TopAgents[1].MeanScore, 6);
        Assert.True(snapshot.TopAgents[1].AdjustedScore < snapshot.TopAgents[1].MeanScore);

        var tier2 = await metrics.GetSnapshotAsync(new MetricsRequest { Window = MetricsWindow.Last7Days, Filter = new MetricsFilter { Tier = "Tier2" } }, Ct);
        Assert.Equal(["Agent B"], tier2.TopAgents.Select(a => a.Agent));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task M9_M10_abusive_customers_and_flagged_agents(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db,
            Row("A-1", Now.AddDays(-1), r => { r.Reporter = "Customer A"; r.CustomerAbuseDetected = true; r.CustomerAbuseCount = 4; r.CustomerScore = 2; }),
            Row("A-2", Now.AddDays(-2), r => { r.Reporter = "Customer B"; r.CustomerAbuseDetected = true; r.CustomerAbuseCount = 1; }),
            Row("A-3", Now.AddDays(-3), r => { r.Reporter = "Customer B"; r.CustomerAbuseDetected = true; r.CustomerAbuseCount = 1; }),
            Row("A-4", Now.AddDays(-3), r => { r.Reporter = "Customer C"; }),
            Row("AG-1", Now.AddDays(-1), r => { r.PrimaryAgent = "Agent Z"; r.AgentProfanityDetected = true; r.AgentProfanityCount = 3; }),
            Row("AG-2", Now.AddDays(-1), r => { r.PrimaryAgent = "Agent Clean"; }));

        var snapshot = await CreateMetrics(db).GetSnapshotAsync(new MetricsRequest { Window = MetricsWindow.Last7Days }, Ct);

        Assert.Equal(["Customer B", "Customer A"], snapshot.AbusiveCustomers.Select(c => c.Customer));
        Assert.Equal(2, snapshot.AbusiveCustomers[0].AbusiveConversations);
        Assert.Equal(["A-2", "A-3"], snapshot.AbusiveCustomers[0].IssueKeys);
        Assert.Equal(4, snapshot.AbusiveCustomers[1].AbuseHits);
        Assert.Equal(2, snapshot.AbusiveCustomers[1].MeanCustomerScore);
        var flagged = Assert.Single(snapshot.FlaggedAgents);
        Assert.Equal(("Agent Z", 1L, 3L), (flagged.Agent, flagged.ProfaneConversations, flagged.ProfanityHits));
        Assert.Equal(3, snapshot.Selected.Current[KpiId.AbusiveCustomerConversations].Value);
        Assert.Equal(1, snapshot.Selected.Current[KpiId.ProfaneAgentConversations].Value);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_abusive_customer_lists_their_own_latest_tickets_in_a_stable_order(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        // The busiest customer has more tickets than all the list's slots together; several share one instant.
        var busy = Enumerable.Range(1, 60).Select(i => Row($"BUSY-{i:00}", Now.AddHours(-1 - (i / 4)), r => { r.Reporter = "Busy"; r.CustomerAbuseDetected = true; r.CustomerAbuseCount = 1; }));
        var quiet = new[]
        {
            Row("QUIET-1", Now.AddHours(-40), r => { r.Reporter = "Quiet"; r.CustomerAbuseDetected = true; r.CustomerAbuseCount = 1; }),
            Row("QUIET-2", Now.AddHours(-40), r => { r.Reporter = "Quiet"; r.CustomerAbuseDetected = true; r.CustomerAbuseCount = 1; }),
        };
        await SeedAsync(db, [.. busy, .. quiet]);

        var snapshot = await CreateMetrics(db).GetSnapshotAsync(new MetricsRequest { Window = MetricsWindow.Last7Days }, Ct);

        Assert.Equal(["Busy", "Quiet"], snapshot.AbusiveCustomers.Select(c => c.Customer));
        Assert.Equal(["BUSY-03", "BUSY-02", "BUSY-01", "BUSY-07", "BUSY-06", "BUSY-05", "BUSY-04", "BUSY-11", "BUSY-10", "BUSY-09"], snapshot.AbusiveCustomers[0].IssueKeys);
        Assert.Equal(["QUIET-2", "QUIET-1"], snapshot.AbusiveCustomers[1].IssueKeys);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task M11_agent_matrix_figures_per_primary_agent(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db,
            Row("M-1", Now.AddDays(-1), r => { r.PrimaryAgent = "Agent Matrix"; r.FirstAgentResponseMinutes = 10; r.AvgAgentResponseMinutes = 20; r.Resolved = true; }),
            Row("M-2", Now.AddDays(-2), r =>
            {
                r.PrimaryAgent = "Agent Matrix";
                r.FirstAgentResponseMinutes = 5;
                r.AvgAgentResponseMinutes = 15;
                r.Resolved = false;
                r.EscalatedTier1ToTier2 = true;
                r.HandedOverFromTier1 = true;
                r.ContactReasonChanged = true;
            }),
            Row("M-3", Now.AddDays(-2), r => { r.PrimaryAgent = "Agent Assist"; r.PrimaryAgentTier = "Tier2"; }));

        var snapshot = await CreateMetrics(db).GetSnapshotAsync(new MetricsRequest { Window = MetricsWindow.Last30Days }, Ct);

        Assert.Equal(["Agent Assist", "Agent Matrix"], snapshot.Agents.Select(a => a.Agent));
        var matrix = snapshot.Agents[1];
        Assert.Equal(7.5, matrix.FirstResponseMinutes);
        Assert.Equal(17.5, matrix.AgentResponseMinutes);
        Assert.Equal(0.5, matrix.ResolvedRate);
        Assert.Equal(1, matrix.Escalated);
        Assert.Equal(1, matrix.HandedOver);
        Assert.Equal(0.5, matrix.MisclassificationRate);
        Assert.Equal(2, matrix.Conversations);

        var tier2 = await CreateMetrics(db).GetSnapshotAsync(new MetricsRequest { Window = MetricsWindow.Last30Days, Filter = new MetricsFilter { Tier = "Tier2" } }, Ct);
        Assert.Equal(["Agent Assist"], tier2.Agents.Select(a => a.Agent));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task M13_tips_of_the_day_group_after_normalising_within_24_hours(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db,
            Row("TIP-1", Now.AddMinutes(-90), r => r.ImprovementTip = "Share troubleshooting checklist sooner"),
            Row("TIP-2", Now.AddHours(-2), r => r.ImprovementTip = "  share troubleshooting checklist  sooner. "),
            Row("TIP-3", Now.AddHours(-19), r => r.ImprovementTip = "Confirm resolution path with customer"),
            Row("TIP-4", Now.AddHours(-20), r => r.ImprovementTip = null),
            Row("TIP-OLD", Now.AddDays(-2), r => r.ImprovementTip = "Share troubleshooting checklist sooner"));

        var tips = (await CreateMetrics(db).GetSnapshotAsync(new MetricsRequest(), Ct)).Tips;

        Assert.Equal(3, tips.Total);
        Assert.Equal(2, tips.Unique);
        Assert.Equal(2, tips.Top[0].Count);
        Assert.Equal("share troubleshooting checklist sooner", TipText.Normalise(tips.Top[0].Tip));
        Assert.Equal(Now.AddMinutes(-90), tips.Top[0].LastSeenUtc);
        Assert.Equal("Confirm resolution path with customer", tips.Top[1].Tip);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task M14_contact_reasons_count_every_row_of_the_window_with_previous_period_and_misclassification(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db,
            Row("CR-1", Now.AddHours(-2), r => { r.ContactReason = "Billing"; r.ContactReasonOriginal = "Technical"; r.ContactReasonChanged = true; }),
            Row("CR-2", Now.AddHours(-3), r => r.ContactReason = "Billing"),
            Row("CR-3", Now.AddHours(-5), r => r.ContactReason = "Technical"),
            Row("CR-4", Now.AddHours(-23.9), r => { r.ContactReason = null; r.ContactReasonOriginal = null; r.ContactReasonChanged = null; }),
            Row("CR-OLD", Now.AddHours(-30), r => r.ContactReason = "Billing"),
            Row("CR-OLDER", Now.AddDays(-3), r => r.ContactReason = "Billing"));

        var reasons = (await CreateMetrics(db).GetSnapshotAsync(new MetricsRequest { Window = MetricsWindow.Last24Hours }, Ct)).ContactReasons;

        Assert.Equal(4, reasons.Total);
        Assert.Equal(4, reasons.Top.Sum(r => r.Count));
        Assert.Equal(("Billing", 2L, 1L), (reasons.Top[0].Reason, reasons.Top[0].Count, reasons.Top[0].PreviousCount));
        Assert.Equal(50, reasons.Top[0].Percent);
        Assert.Equal(0.5, reasons.Top[0].MisclassificationRate);
        Assert.Equal(["Billing", "Technical", MetricsFilter.UnspecifiedReason], reasons.Top.Select(r => r.Reason));
        Assert.Equal(1.0 / 3, reasons.MisclassificationRate!.Value, 6);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Trend_buckets_follow_the_time_zone_and_add_up_to_the_window(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var asOf = new DateTime(2024, 4, 10, 12, 30, 0, DateTimeKind.Utc);
        await SeedAsync(db,
            Row("TZ-1", new DateTime(2024, 4, 9, 23, 30, 0, DateTimeKind.Utc)), // London 10 Apr 00:30, UTC 9 Apr
            Row("TZ-2", new DateTime(2024, 4, 9, 22, 50, 0, DateTimeKind.Utc)), // London 9 Apr 23:50
            Row("TZ-3", new DateTime(2024, 4, 4, 10, 0, 0, DateTimeKind.Utc)), // first, partial day
            Row("TZ-4", new DateTime(2024, 4, 10, 12, 29, 0, DateTimeKind.Utc), r => Scores(r, 2, 2)),
            Row("TZ-P", new DateTime(2024, 4, 2, 23, 30, 0, DateTimeKind.Utc))); // previous period
        var metrics = CreateMetrics(db);

        var utc = (await metrics.GetSnapshotAsync(new MetricsRequest { Window = MetricsWindow.Last7Days, AsOfUtc = asOf }, Ct)).Trend;
        var london = (await metrics.GetSnapshotAsync(new MetricsRequest { Window = MetricsWindow.Last7Days, AsOfUtc = asOf, TimeZoneId = "Europe/London" }, Ct)).Trend;

        Assert.Equal(4, utc.Current.Sum(p => p.Volume));
        Assert.Equal(4, london.Current.Sum(p => p.Volume));
        Assert.Equal(1, utc.Previous.Sum(p => p.Volume));
        Assert.Equal("2024-04-03", utc.Buckets[0].Label);
        Assert.True(utc.Buckets[0].Partial);
        Assert.Equal(8, utc.Buckets.Count);
        Assert.Equal(2, utc.Current[utc.Buckets.Count - 2].Volume); // both on 9 Apr in UTC
        Assert.Equal("2024-04-09", utc.Buckets[^2].Label);
        Assert.Equal("2024-04-10", london.Buckets[^1].Label);
        Assert.Equal(new DateTime(2024, 4, 9, 23, 0, 0, DateTimeKind.Utc), london.Buckets[^1].StartUtc);
        Assert.Equal(2, london.Current[^1].Volume); // TZ-1 and TZ-4 on 10 Apr in London
        Assert.Equal(3, london.Current[^1].ConversationScore);
        Assert.Equal(1, london.Current[^2].Volume);

        var kolkata = (await metrics.GetSnapshotAsync(new MetricsRequest { Window = MetricsWindow.Last24Hours, AsOfUtc = asOf, TimeZoneId = "Asia/Kolkata" }, Ct)).Trend;
        Assert.True(kolkata.Hourly);
        Assert.Equal(3, kolkata.Current.Sum(p => p.Volume));
        var bucket = kolkata.Buckets.Single(b => b.StartUtc <= new DateTime(2024, 4, 9, 23, 30, 0, DateTimeKind.Utc) && b.EndUtc > new DateTime(2024, 4, 9, 23, 30, 0, DateTimeKind.Utc));
        Assert.Equal("2024-04-10 05:00", bucket.Label);
        Assert.Equal(new DateTime(2024, 4, 9, 23, 30, 0, DateTimeKind.Utc), bucket.StartUtc);
        var index = kolkata.Buckets.ToList().IndexOf(bucket);
        Assert.Equal(1, kolkata.Current[index].Volume);
        Assert.Equal(1, kolkata.Current[index - 1].Volume); // TZ-2 at 22:50 UTC is 04:20 local
        Assert.Equal("2024-04-10 04:00", kolkata.Buckets[index - 1].Label);
        Assert.Equal(0, kolkata.Current[index - 2].Volume);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sentiment_mix_and_the_no_recent_data_flag(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db,
            Row("SE-1", Now.AddDays(-40), r => r.SentimentPrimary = "Delight"),
            Row("SE-2", Now.AddDays(-41), r => r.SentimentPrimary = "Delight"),
            Row("SE-3", Now.AddDays(-41), r => r.SentimentPrimary = null),
            Row("SE-4", Now.AddDays(-42), r => r.SentimentPrimary = "Hostility"));
        var metrics = CreateMetrics(db);

        var now = await metrics.GetSnapshotAsync(new MetricsRequest(), Ct);
        Assert.True(now.NoDataInLast30Days);
        Assert.Equal(Now.AddDays(-40), now.LatestDataUtc);
        Assert.Empty(now.Sentiment.Distribution);

        var anchored = await metrics.GetSnapshotAsync(new MetricsRequest { AsOfUtc = now.LatestDataUtc }, Ct);
        Assert.False(anchored.NoDataInLast30Days);
        Assert.Equal(["Delight", "Hostility", "Neutral"], anchored.Sentiment.Distribution.Select(s => s.Sentiment));
        Assert.Equal(50, anchored.Sentiment.Distribution[0].Percent);
        Assert.Equal(2, anchored.Sentiment.Trend["Delight"].Sum());
    }

    [Fact]
    public async Task Filter_choices_are_kept_for_a_minute_then_read_again()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await SeedAsync(db, Row("OPT-1", Now.AddHours(-1), r => r.Hub = "Hub A"));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(Now));
        var metrics = new MetricsQuery(db.Factory, clock, Microsoft.Extensions.Options.Options.Create(new MetricsOptions()));

        Assert.Equal(["Hub A"], (await metrics.GetFilterOptionsAsync(null, Ct)).Hubs);
        await SeedAsync(db, Row("OPT-2", Now.AddHours(-1), r => r.Hub = "Hub B"));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(["Hub A"], (await metrics.GetFilterOptionsAsync(null, Ct)).Hubs);
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(["Hub A", "Hub B"], (await metrics.GetFilterOptionsAsync(null, Ct)).Hubs);
    }

    [Fact]
    public async Task Filter_choices_read_while_the_cache_is_dropped_are_not_kept()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await SeedAsync(db, Row("OPT-1", Now.AddHours(-1), r => r.Hub = "Hub A"));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(Now));
        MetricsQuery? metrics = null;
        // A job finishing while the choices are being read drops the cache in the middle of the read.
        var contexts = new InterruptedFactory(db.Factory, () => metrics!.ForgetFilterOptions());
        metrics = new MetricsQuery(contexts, clock, Microsoft.Extensions.Options.Options.Create(new MetricsOptions()));

        Assert.Equal(["Hub A"], (await metrics.GetFilterOptionsAsync(null, Ct)).Hubs);
        await SeedAsync(db, Row("OPT-2", Now.AddHours(-1), r => r.Hub = "Hub B"));

        Assert.Equal(["Hub A", "Hub B"], (await metrics.GetFilterOptionsAsync(null, Ct)).Hubs);
    }

    private sealed class InterruptedFactory(Microsoft.EntityFrameworkCore.IDbContextFactory<JiraQualityDbContext> inner, Action onFirstContext)
        : Microsoft.EntityFrameworkCore.IDbContextFactory<JiraQualityDbContext>
    {
        private int _created;

        public JiraQualityDbContext CreateDbContext()
        {
            if (Interlocked.Increment(ref _created) == 1)
            {
                onFirstContext();
            }

            return inner.CreateDbContext();
        }
    }
}
