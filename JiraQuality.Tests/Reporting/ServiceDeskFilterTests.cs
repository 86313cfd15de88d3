using System.Net;
using System.Text.Json;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Reporting;

/// <summary>
/// JSM CSAT and SLA breached as filters: stored on the processed conversation, read by every figure (KPIs from the rollup
/// path, trend, agents, reasons, list, API, export) alike, on both providers, filled for rows scored before the columns.
/// </summary>
public sealed class ServiceDeskFilterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Last 24 h, hours apart so whole rollup hours hold them: S-1 5 stars, SLA met; S-2 5 stars, breached (Hub B);
    /// S-3 1 star, breached; S-4 3 stars, unmeasured; S-5 unrated, met; S-6 no JSM data. S-7, 30 h ago: 5 stars, met.
    /// </summary>
    private static ProcessedConversation[] Rows() =>
    [
        Row("S-1", Now.AddHours(-2), r => Jsm(r, 5, false)),
        Row("S-2", Now.AddHours(-4), r => { Jsm(r, 5, true); r.Hub = "Hub B"; r.PrimaryAgent = "Agent Beta"; }),
        Row("S-3", Now.AddHours(-6), r => Jsm(r, 1, true)),
        Row("S-4", Now.AddHours(-8), r => Jsm(r, 3, null)),
        Row("S-5", Now.AddHours(-10), r => Jsm(r, null, false)),
        Row("S-6", Now.AddHours(-12)),
        Row("S-7", Now.AddHours(-30), r => Jsm(r, 5, false)),
    ];

    private static void Jsm(ProcessedConversation row, int? rating, bool? breached)
    {
        row.JsmCsatRating = rating;
        row.JsmSlaBreached = breached;
    }

    public static TheoryData<DatabaseProvider, string?, string?, string[]> Filters()
    {
        var data = new TheoryData<DatabaseProvider, string?, string?, string[]>();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            data.Add(provider, "5", null, ["S-1", "S-2"]);
            data.Add(provider, "1", null, ["S-3"]);
            data.Add(provider, "any", null, ["S-1", "S-2", "S-3", "S-4"]);
            data.Add(provider, null, "true", ["S-2", "S-3"]);
            data.Add(provider, null, "false", ["S-1", "S-5"]);
            data.Add(provider, "5", "false", ["S-1"]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Csat_and_sla_breached_narrow_every_figure_alike(DatabaseProvider provider, string? csat, string? breached, string[] expected)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db, Rows());
        var filter = MetricsFilter.FromQuery(key => key switch { "csat" => csat, "sla_breached" => breached, _ => null });
        Assert.False(filter.IsEmpty);
        var metrics = CreateMetrics(db);
        var request = new MetricsRequest { Window = MetricsWindow.Last24Hours, AsOfUtc = Now, Filter = filter };

        var page = await ConversationQueryFor(db).GetPageAsync(new ConversationListRequest { Window = MetricsWindow.Last24Hours, AsOfUtc = Now, Filter = filter, PageSize = 50 }, Ct);
        Assert.Equal(expected.Order(), page.Items.Select(i => i.IssueKey).Order());

        var snapshot = await metrics.GetSnapshotAsync(request, Ct);
        var day = snapshot.Windows.Single(w => w.Window == MetricsWindow.Last24Hours);
        Assert.Equal(expected.Length, day.Current.Conversations);
        Assert.Equal(expected.Length, snapshot.Trend.Current.Sum(p => p.Volume));
        Assert.Equal(expected.Length, snapshot.Agents.Sum(a => a.Conversations));
        Assert.Equal(expected.Length, snapshot.ContactReasons.Total);
        Assert.Equal(expected.Length, (await metrics.GetKpisAsync(Now, filter, Ct))[0].Current.Conversations);

        // The previous period is narrowed the same way: S-7 is the only earlier row, rated 5 and met.
        var previous = (csat is null or "5" or "any") && (breached is null or "false") ? 1 : 0;
        Assert.Equal(previous, day.Previous.Conversations);

        // With a hub on top, as the rollup path can no longer serve it.
        var hubB = await metrics.GetKpisAsync(Now, filter with { Hub = "Hub B" }, Ct);
        Assert.Equal(expected.Count(k => k == "S-2"), hubB[0].Current.Conversations);
    }

    [Fact]
    public void The_filter_reads_and_writes_its_query_values()
    {
        var filter = MetricsFilter.FromQuery(key => key switch { "csat" => " 4 ", "sla_breached" => "yes", _ => null });
        Assert.Equal(("4", 4, true), (filter.Csat, filter.CsatRating, filter.SlaBreached));
        Assert.Equal("4", filter.ToQuery()["csat"]);
        Assert.Equal("true", filter.ToQuery()["sla_breached"]);
        Assert.Equal(MetricsFilter.AnyCsat, MetricsFilter.FromQuery(key => key == "csat" ? "ANY" : null).Csat);
        Assert.Null(MetricsFilter.FromQuery(key => key == "csat" ? "6" : null).Csat);
        Assert.True(MetricsFilter.FromQuery(key => key == "csat" ? "0" : null).IsEmpty);
    }

    [Fact]
    public void Scoring_stores_the_csat_stars_and_whether_any_sla_cycle_breached()
    {
        var options = new ScoringOptions();
        var conversation = new ConversationBuilder("JSM-1").Customer(0, "help").Agent(3, "on it")
            .Field("jsm_csat_rating", "4")
            .Field("jsm_sla_time_to_first_response_breached", "false")
            .Field("jsm_sla_time_to_resolution_breached", "true")
            .Build();
        var metrics = new MetricsCalculator(options).Compute(conversation);
        var row = new ProcessedConversation();
        ProcessedConversationMapper.Apply(row, conversation, metrics, new HeuristicScorer(options).Score(conversation, metrics), null, Now);
        Assert.Equal((4, true), (row.JsmCsatRating, row.JsmSlaBreached));

        var plain = new ConversationBuilder("JSM-2").Customer(0, "help").Field("jsm_csat_rating", "9").Build();
        var plainMetrics = new MetricsCalculator(options).Compute(plain);
        ProcessedConversationMapper.Apply(row, plain, plainMetrics, new HeuristicScorer(options).Score(plain, plainMetrics), null, Now);
        Assert.Equal((null, null), (row.JsmCsatRating, row.JsmSlaBreached));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Conversations_scored_before_the_columns_existed_get_them_from_their_ticket_fields(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        await using (var context = db.Factory.CreateDbContext())
        {
            var migrations = context.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_ServiceDeskOutcomeColumns", StringComparison.Ordinal)) - 1];
            await context.GetService<IMigrator>().MigrateAsync(before, Ct);

            // The processed entity already knows the new columns, so those rows are written as the old version wrote them.
            Dictionary<string, string> fields(params (string Key, string Value)[] values) => values.ToDictionary(v => v.Key, v => v.Value);
            var tickets = new (string Key, string Fields)[]
            {
                ("OLD-1", ConversationJson.SerializeCustomFields(fields(("jsm_csat_rating", "5"), ("jsm_sla_time_to_first_response_breached", "false")))),
                ("OLD-2", ConversationJson.SerializeCustomFields(fields(("jsm_csat_rating", "2"), ("jsm_sla_a_breached", "false"), ("jsm_sla_b_breached", "true")))),
                ("OLD-3", ConversationJson.SerializeCustomFields(fields(("jsm_sla_time_to_resolution_breached", "true"), ("jsm_csat_rating", "seven")))),
                ("OLD-4", ConversationJson.SerializeCustomFields(fields(("hub", "Hub A")))),
                ("OLD-5", "{\"jsm_csat_rating\": \"4\", broken"),
            };
            foreach (var (key, json) in tickets)
            {
                context.PreparedConversations.Add(new PreparedConversation { IssueKey = key, Status = "Done", CustomFieldsJson = json, PreparedAtUtc = Now, ContentHash = key });
                await context.SaveChangesAsync(Ct);
                await context.Database.ExecuteSqlAsync(
                    $"""
                    INSERT INTO jira_processed_conversations (issue_key, status, resolution, conversation_end_utc, agent_authors, customer_authors, agent_profanity_count,
                        agent_profanity_detected, customer_abuse_count, customer_abuse_detected, escalated_tier1_to_tier2, handed_over_from_tier1, messages_agent,
                        messages_customer, messages_internal, messages_total, turns, scorer_kind, scorer_version, processed_at_utc)
                    VALUES ({key}, 'Done', 'Done', {Now.AddHours(-1)}, '', '', 0, FALSE, 0, FALSE, FALSE, FALSE, 0, 0, 0, 0, 0, 'heuristic', 'old', {Now})
                    """, Ct);
            }
        }

        await db.Factory.MigrateAsync(Ct);

        await using var upgraded = db.Factory.CreateDbContext();
        var stored = await upgraded.ProcessedConversations.AsNoTracking().OrderBy(x => x.IssueKey)
            .Select(x => new { x.IssueKey, x.JsmCsatRating, x.JsmSlaBreached }).ToListAsync(Ct);
        Assert.Equal(
            [("OLD-1", (int?)5, (bool?)false), ("OLD-2", 2, true), ("OLD-3", null, true), ("OLD-4", null, null), ("OLD-5", null, null)],
            stored.Select(x => (x.IssueKey, x.JsmCsatRating, x.JsmSlaBreached)));
    }

    [Fact]
    public async Task The_api_filters_by_csat_and_sla_and_refuses_bad_values()
    {
        await using var factory = new JiraQualityAppFactory();
        await using (var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext())
        {
            db.ProcessedConversations.AddRange(Rows());
            await db.SaveChangesAsync(Ct);
        }

        using var client = factory.CreateClient();
        const string view = "window=24h&asOf=2024-04-10T12:00:00Z";
        using (var metrics = JsonDocument.Parse(await client.GetStringAsync($"/api/metrics?{view}&csat=5", Ct)))
        {
            Assert.Equal("5", metrics.RootElement.GetProperty("filter").GetProperty("csat").GetString());
            Assert.Equal(2, metrics.RootElement.GetProperty("kpis").GetProperty("volume").GetProperty("value").GetDouble());
        }

        using (var list = JsonDocument.Parse(await client.GetStringAsync($"/api/conversations?{view}&sla_breached=true", Ct)))
        {
            Assert.Equal(2, list.RootElement.GetProperty("total").GetInt32());
        }

        var csv = await client.GetStringAsync($"/api/conversations/export/csv?{view}&csat=any&sla_breached=false", Ct);
        Assert.Contains("S-1", csv);
        Assert.DoesNotContain("S-5", csv);
        Assert.DoesNotContain("S-2", csv);

        foreach (var bad in new[] { "csat=6", "csat=good", "sla_breached=maybe" })
        {
            using var refused = await client.GetAsync($"/api/metrics?{view}&{bad}", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(bad.Split('=')[0], await refused.Content.ReadAsStringAsync(Ct));
        }
    }

    [Fact]
    public async Task The_filter_bar_narrows_the_dashboard_and_the_list_and_keeps_it_in_the_url()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        await using (var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext())
        {
            db.ProcessedConversations.AddRange(Rows());
            await db.SaveChangesAsync(Ct);
        }

        var page = await browser.OpenAsync(baseUrl + "/?window=24h&asOf=2024-04-10T12:00:00Z");
        var volume = page.Locator("#kpi-volume [data-testid=kpi-value]");
        await Assertions.Expect(volume).ToHaveTextAsync("6");

        await page.Locator("div.mud-select:has(#filter-csat)").First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveTextAsync(["All", "Any rating", "5 stars", "4 stars", "3 stars", "2 stars", "1 star"]);
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "5 stars" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("csat=5"));
        await Assertions.Expect(volume).ToHaveTextAsync("2");

        await page.Locator("div.mud-select:has(#filter-sla)").First.ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Breached" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sla_breached=true"));
        await Assertions.Expect(volume).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#filters-toggle")).ToContainTextAsync("Filters (3)");

        // The list opened from the same URL shows the same conversation, and its drop-downs show the filter.
        var list = await browser.OpenAsync(baseUrl + "/conversations?window=24h&asOf=2024-04-10T12:00:00Z&csat=5&sla_breached=true");
        await Assertions.Expect(list.Locator("#conversations-total")).ToHaveTextAsync("1 conversation(s)");
        await Assertions.Expect(list.Locator("a[href*='S-2']").First).ToBeVisibleAsync();
        await Assertions.Expect(list.Locator("div.mud-select:has(#filter-csat)").First).ToContainTextAsync("5 stars");
        await Assertions.Expect(list.Locator("div.mud-select:has(#filter-sla)").First).ToContainTextAsync("Breached");
    }
}
