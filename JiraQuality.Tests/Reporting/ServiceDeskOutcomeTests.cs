using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Reporting.Exports;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Reporting;

/// <summary>JSM CSAT mean, SLA breached share and CSAT against our agent score, counted by hand, on both providers and the dashboard.</summary>
public sealed class ServiceDeskOutcomeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Last 24 h: J-1 CSAT 5, agent score 4.5, SLA met; J-2 CSAT 1, score 2, one SLA breached of two; J-3 CSAT 5, score 3.5,
    /// no SLA; J-4 no CSAT, SLA breached (Hub B); N-1 no JSM data. 24–48 h ago: J-5 CSAT 3, SLA met.
    /// </summary>
    private static (ProcessedConversation[] Processed, PreparedConversation[] Prepared) Fixture() =>
    (
        [
            Row("J-1", Now.AddHours(-1), r => Scores(r, 4.5, 4)),
            Row("J-2", Now.AddHours(-2), r => Scores(r, 2, 2)),
            Row("J-3", Now.AddHours(-3), r => Scores(r, 3.5, 4)),
            Row("J-4", Now.AddHours(-4), r => r.Hub = "Hub B"),
            Row("N-1", Now.AddHours(-5)),
            Row("J-5", Now.AddHours(-30)),
        ],
        [
            Prepared("J-1", new() { ["jsm_csat_rating"] = "5", ["jsm_sla_time_to_first_response_breached"] = "false" }),
            Prepared("J-2", new() { ["jsm_csat_rating"] = "1", ["jsm_sla_time_to_first_response_breached"] = "false", ["jsm_sla_time_to_resolution_breached"] = "true" }),
            Prepared("J-3", new() { ["jsm_csat_rating"] = "5" }),
            Prepared("J-4", new() { ["jsm_sla_time_to_resolution_breached"] = "true" }),
            Prepared("N-1", new() { ["hub"] = "Hub A" }),
            Prepared("J-5", new() { ["jsm_csat_rating"] = "3", ["jsm_sla_time_to_first_response_breached"] = "false" }),
        ]
    );

    /// <summary>A new database of <paramref name="provider"/> holding the <see cref="Fixture"/>.</summary>
    private static async Task<TestDatabase> FixtureDatabaseAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var (processed, prepared) = Fixture();
        await using var context = db.Factory.CreateDbContext();
        context.ProcessedConversations.AddRange(processed);
        context.PreparedConversations.AddRange(prepared);
        await context.SaveChangesAsync(Ct);
        return db;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Csat_mean_sla_breached_share_and_score_per_rating(DatabaseProvider provider)
    {
        await using var db = await FixtureDatabaseAsync(provider);

        var query = new ServiceDeskOutcomeQuery(db.Factory, CreateMetrics(db));
        var day = await query.GetAsync(new MetricsRequest { Window = MetricsWindow.Last24Hours }, Ct);

        Assert.Equal(3, day.Current.Rated);
        Assert.Equal(11.0 / 3, day.Current.CsatMean!.Value, 6);
        Assert.Equal((3L, 2L), (day.Current.SlaMeasured, day.Current.SlaBreached));
        Assert.Equal(200.0 / 3, day.Current.SlaBreachedPercent!.Value, 6);
        Assert.Equal((1L, 3.0, 1L, 0L), (day.Previous.Rated, day.Previous.CsatMean!.Value, day.Previous.SlaMeasured, day.Previous.SlaBreached));
        Assert.Equal(11.0 / 3 - 3, day.CsatMeanDelta!.Value, 6);

        Assert.Equal([1, 0, 0, 0, 2], day.CsatVsScore.Select(b => b.Conversations));
        Assert.Equal(2.0, day.CsatVsScore[0].MeanAgentScore);
        Assert.Equal(4.0, day.CsatVsScore[4].MeanAgentScore);
        Assert.Null(day.CsatVsScore[2].MeanAgentScore);

        // Filters and hub scope apply as everywhere.
        var scoped = await query.GetAsync(new MetricsRequest { Window = MetricsWindow.Last24Hours, Filter = new MetricsFilter { AllowedHubs = "Hub B" } }, Ct);
        Assert.Equal((0L, 1L, 1L), (scoped.Current.Rated, scoped.Current.SlaMeasured, scoped.Current.SlaBreached));

        var empty = await query.GetAsync(new MetricsRequest { Window = MetricsWindow.Last24Hours, AsOfUtc = Now.AddDays(-30) }, Ct);
        Assert.Equal((0L, 0L), (empty.Current.Rated, empty.Current.SlaMeasured));
        Assert.Null(empty.Current.CsatMean);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_analysis_export_ends_with_the_csat_and_sla_columns(DatabaseProvider provider)
    {
        await using var db = await FixtureDatabaseAsync(provider);

        var text = new StringWriter();
        await new AnalysisCsvExporter(db.Factory).WriteAsync(text, new AnalysisExportFilter(), Ct);

        var columns = JsmColumns(text.ToString());
        Assert.Equal(("5", "false"), columns["J-1"]);
        Assert.Equal(("1", "true"), columns["J-2"]);
        Assert.Equal(("5", ""), columns["J-3"]);
        Assert.Equal(("", "true"), columns["J-4"]);
        Assert.Equal(("", ""), columns["N-1"]);
    }

    [Fact]
    public async Task The_dashboard_shows_csat_sla_and_the_csat_against_score_chart()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        var (processed, prepared) = Fixture();
        await using (var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext())
        {
            db.ProcessedConversations.AddRange(processed);
            db.PreparedConversations.AddRange(prepared);
            await db.SaveChangesAsync(Ct);
        }

        var page = await browser.OpenAsync(baseUrl + "/?window=24h&asOf=2024-04-10T12:00:00Z");
        await Assertions.Expect(page.Locator("#kpi-csat-mean [data-testid=kpi-value]")).ToHaveTextAsync("3.67 / 5");
        await Assertions.Expect(page.Locator("#kpi-csat-mean [data-testid=kpi-delta]")).ToContainTextAsync("+0.67 vs previous 24h");
        await Assertions.Expect(page.Locator("#kpi-sla-breached [data-testid=kpi-value]")).ToHaveTextAsync("67%");
        await Assertions.Expect(page.Locator("#chart-csat-vs-score svg").First).ToBeVisibleAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "dashboard-service-desk");

        var quiet = await browser.OpenAsync(baseUrl + "/?window=24h&asOf=2023-01-01T00:00:00Z");
        await Assertions.Expect(quiet.Locator("#service-desk-empty")).ToBeVisibleAsync();

        // The list's analysis download carries the same columns.
        using var client = factory.CreateClient();
        var csv = await client.GetStringAsync("/api/conversations/export/csv?window=24h&asOf=2024-04-10T12:00:00Z", Ct);
        Assert.Equal(("1", "true"), JsmColumns(csv)["J-2"]);
    }

    private static Dictionary<string, (string Rating, string Breached)> JsmColumns(string csv)
    {
        using var reader = new CsvHelper.CsvReader(new StringReader(csv), System.Globalization.CultureInfo.InvariantCulture);
        reader.Read();
        reader.ReadHeader();
        var header = reader.HeaderRecord!;
        Assert.Equal(AnalysisCsvExporter.ServiceDeskColumns, header[^2..]);
        var rows = new Dictionary<string, (string, string)>();
        while (reader.Read())
        {
            rows[reader.GetField(0)!] = (reader.GetField(header.Length - 2)!, reader.GetField(header.Length - 1)!);
        }

        return rows;
    }

    private static PreparedConversation Prepared(string key, Dictionary<string, string> fields) => new()
    {
        IssueKey = key,
        Status = "Done",
        CustomFieldsJson = ConversationJson.SerializeCustomFields(fields),
        PreparedAtUtc = Now,
        ContentHash = key,
    };
}
