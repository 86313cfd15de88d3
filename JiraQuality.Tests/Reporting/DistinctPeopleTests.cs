using System.Text.Json;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Reporting.Rollup;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Reporting;

/// <summary>The "Profane agents" and "Abusive customers" cards count distinct people per period, counted by hand here.</summary>
public sealed class DistinctPeopleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Last 24 h: Ann profane in 3 conversations, Ben in 1, one profane conversation without a primary agent (not a
    /// person); Zoe abusive in 2, Quinn in 1, one abusive conversation without a reporter.
    /// 24–48 h ago: Ann profane once, Zoe abusive once. 3 days ago: Cy profane, Ann profane; Ray abusive.
    /// </summary>
    private static ProcessedConversation[] Fixture() =>
    [
        Row("P-1", Now.AddHours(-1), r => Profane(r, "Ann")),
        Row("P-2", Now.AddHours(-2), r => Profane(r, "Ann")),
        Row("P-3", Now.AddHours(-3), r => { Profane(r, "Ann"); r.Hub = "Hub B"; }),
        Row("P-4", Now.AddHours(-4), r => Profane(r, "Ben")),
        Row("P-5", Now.AddHours(-5), r => Profane(r, null)),
        Row("A-1", Now.AddHours(-6), r => Abusive(r, "Zoe")),
        Row("A-2", Now.AddHours(-7), r => Abusive(r, "Zoe")),
        Row("A-3", Now.AddHours(-8), r => { Abusive(r, "Quinn"); r.Hub = "Hub B"; }),
        Row("A-4", Now.AddHours(-9), r => Abusive(r, null)),
        Row("P-6", Now.AddHours(-30), r => Profane(r, "Ann")),
        Row("A-5", Now.AddHours(-31), r => Abusive(r, "Zoe")),
        Row("P-7", Now.AddDays(-3), r => Profane(r, "Cy")),
        Row("P-8", Now.AddDays(-3).AddHours(-1), r => Profane(r, "Ann")),
        Row("A-6", Now.AddDays(-3), r => Abusive(r, "Ray")),
    ];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_period_counts_every_person_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db, Fixture());
        await using (var context = db.Factory.CreateDbContext())
        {
            await MetricsRollupMaintenance.RebuildAsync(context, Ct);
        }

        foreach (var options in new[] { new MetricsOptions(), new MetricsOptions { UseHourlyRollup = false } })
        {
            var windows = await CreateMetrics(db, options).GetKpisAsync(null, MetricsFilter.None, Ct);
            var day = windows.Single(w => w.Window == MetricsWindow.Last24Hours);
            Assert.Equal(5, day.Current[KpiId.ProfaneAgentConversations].Value);
            Assert.Equal(2, day.Current[KpiId.ProfaneAgents].Value);
            Assert.Equal(4, day.Current[KpiId.AbusiveCustomerConversations].Value);
            Assert.Equal(2, day.Current[KpiId.AbusiveCustomers].Value);
            Assert.Equal(1, day.Previous[KpiId.ProfaneAgents].Value);
            Assert.Equal(1, day.Previous[KpiId.AbusiveCustomers].Value);
            Assert.Equal(1, day.Delta(KpiId.ProfaneAgents));

            // Ann appears in four periods' segments of the week but counts once; Cy and Ben join her; Ray joins Zoe and Quinn.
            var week = windows.Single(w => w.Window == MetricsWindow.Last7Days);
            Assert.Equal(3, week.Current[KpiId.ProfaneAgents].Value);
            Assert.Equal(3, week.Current[KpiId.AbusiveCustomers].Value);
        }

        // Filters and hub scope narrow the people too.
        var hubB = (await CreateMetrics(db).GetKpisAsync(null, new MetricsFilter { Hub = "Hub B" }, Ct))[0];
        Assert.Equal((1.0, 1.0), (hubB.Current[KpiId.ProfaneAgents].Value!.Value, hubB.Current[KpiId.AbusiveCustomers].Value!.Value));
        var scoped = (await CreateMetrics(db).GetKpisAsync(null, new MetricsFilter { AllowedHubs = "Hub A" }, Ct))[0];
        Assert.Equal((2.0, 1.0), (scoped.Current[KpiId.ProfaneAgents].Value!.Value, scoped.Current[KpiId.AbusiveCustomers].Value!.Value));
    }

    [Fact]
    public async Task The_api_gives_both_the_people_and_the_conversation_counts()
    {
        await using var factory = new JiraQualityAppFactory();
        await using (var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext())
        {
            db.ProcessedConversations.AddRange(Fixture());
            await db.SaveChangesAsync(Ct);
        }

        using var client = factory.CreateClient();
        using var json = JsonDocument.Parse(await client.GetStringAsync("/api/metrics?window=24h&asOf=2024-04-10T12:00:00Z", Ct));
        var kpis = json.RootElement.GetProperty("kpis");
        Assert.Equal(2, kpis.GetProperty("profane-agent-people").GetProperty("value").GetDouble());
        Assert.Equal("Profane agents (distinct people)", kpis.GetProperty("profane-agent-people").GetProperty("title").GetString());
        Assert.Equal(5, kpis.GetProperty("profane-agents").GetProperty("value").GetDouble());
        Assert.Equal(2, kpis.GetProperty("abusive-customer-people").GetProperty("value").GetDouble());
        Assert.Equal(4, kpis.GetProperty("abusive-customers").GetProperty("value").GetDouble());
    }

    private static void Profane(ProcessedConversation row, string? agent)
    {
        row.PrimaryAgent = agent;
        row.AgentProfanityDetected = true;
        row.AgentProfanityCount = 1;
    }

    private static void Abusive(ProcessedConversation row, string? customer)
    {
        row.Reporter = customer;
        row.CustomerAbuseDetected = true;
        row.CustomerAbuseCount = 1;
    }
}
