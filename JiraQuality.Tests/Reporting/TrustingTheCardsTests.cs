using JiraQuality.Core.Jobs;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Reporting;

/// <summary>Cards say what they count, toggles show their choice, panels their window, trends their partial bucket, empty charts say so, refused files fail.</summary>
public sealed class TrustingTheCardsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Without_conversations_in_the_previous_period_no_kpi_has_a_delta(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db, Row("N-1", Now.AddHours(-1), r => r.AgentProfanityDetected = true), Row("N-2", Now.AddHours(-2)));

        var day = (await CreateMetrics(db).GetKpisAsync(null, MetricsFilter.None, Ct))[0];

        Assert.Equal(MetricsWindow.Last24Hours, day.Window);
        Assert.Equal(2, day.Current[KpiId.Volume].Value);
        Assert.All(KpiCatalog.All, k => Assert.Null(day.Delta(k.Id)));
        Assert.Equal("Conversations with profane agents", KpiCatalog.Get(KpiId.ProfaneAgentConversations).Title);
        Assert.Equal("Conversations with abusive customers", KpiCatalog.Get(KpiId.AbusiveCustomerConversations).Title);
    }

    [Fact]
    public async Task The_dashboard_labels_counts_choices_windows_partial_buckets_and_empty_charts()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        await using (var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext())
        {
            db.ProcessedConversations.AddRange(
                Row("C-1", Now.AddHours(-1), r => { r.AgentProfanityDetected = true; r.AgentProfanityCount = 2; }),
                Row("C-2", Now.AddHours(-2), r => r.AgentProfanityDetected = true),
                Row("C-3", Now.AddHours(-3)));
            await db.SaveChangesAsync(Ct);
        }

        // 11:30: the current hour is half over.
        var page = await browser.OpenAsync(baseUrl + "/?window=24h&asOf=2024-04-10T11:30:00Z");
        // Two profane conversations of one agent: the card counts the person once, and says so.
        var profane = page.Locator("#kpi-profane-agent-people");
        await Assertions.Expect(profane.Locator(".jq-kpi-title")).ToHaveTextAsync("Profane agents (distinct people)");
        await Assertions.Expect(profane.Locator("[data-testid=kpi-value]")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#kpi-abusive-customer-people .jq-kpi-title")).ToHaveTextAsync("Abusive customers (distinct people)");
        await Assertions.Expect(page.Locator("#kpi-profane-agents")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#kpi-volume [data-testid=kpi-delta]").First).ToHaveTextAsync("no previous figure");
        await Assertions.Expect(profane.Locator("[data-testid=kpi-delta]").First).ToHaveTextAsync("no previous figure");

        // The selected toggles say so to the eye and to assistive technology.
        await Assertions.Expect(page.Locator("#window-24h")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Locator("#window-7d")).ToHaveAttributeAsync("aria-pressed", "false");
        Assert.NotEqual(await BackgroundAsync(page, "#window-24h"), await BackgroundAsync(page, "#window-7d"));
        await Assertions.Expect(page.Locator("#esc-tier")).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.NotEqual(await BackgroundAsync(page, "#esc-tier"), await BackgroundAsync(page, "#esc-any"));
        await page.Locator("#esc-any").ClickAsync();
        await Assertions.Expect(page.Locator("#esc-any")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Locator("#esc-tier")).ToHaveAttributeAsync("aria-pressed", "false");

        // The partial hour is marked on the chart and explained.
        await Assertions.Expect(page.Locator("#trend-partial-note")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#chart-volume svg").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#chart-volume").GetByText("partial").First).ToBeVisibleAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "dashboard-partial-bucket");

        // Panels say which window they show.
        await page.Locator("#window-7d").ClickAsync();
        await Assertions.Expect(page.Locator("#window-7d")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Locator("#panel-tips .jq-panel-window")).ToHaveTextAsync("always the last 24h");
        await Assertions.Expect(page.Locator("#panel-top-agents .jq-panel-window")).ToHaveTextAsync("7d");
        await Assertions.Expect(page.Locator("#panel-abusive-customers .jq-panel-window")).ToHaveTextAsync("7d");

        // A window without data shows empty states, not blank boxes.
        var empty = await browser.OpenAsync(baseUrl + "/?window=7d&asOf=2023-01-01T00:00:00Z");
        await Assertions.Expect(empty.Locator("#chart-volume-empty")).ToContainTextAsync("Nothing to chart");
        await Assertions.Expect(empty.Locator("#chart-scores-empty")).ToBeVisibleAsync();
        await Assertions.Expect(empty.Locator("#chart-volume svg")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_refused_upload_is_a_failed_job_shown_red_with_the_reason()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        var png = Path.Combine(factory.DataDirectory, "screenshot.csv");
        await File.WriteAllBytesAsync(png, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x01, 0x00], Ct);
        var emptyFile = Path.Combine(factory.DataDirectory, "empty.csv");
        await File.WriteAllBytesAsync(emptyFile, [], Ct);

        var page = await browser.OpenAsync(baseUrl + "/import");
        await Infrastructure.Browser.ChooseFilesAsync(page, png);
        await Assertions.Expect(page.Locator("#import-summary")).ToContainTextAsync("1 file(s) failed", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
        await Infrastructure.Browser.ChooseFilesAsync(page, emptyFile);
        await Assertions.Expect(page.Locator("#import-report")).ToContainTextAsync("empty.csv", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });

        var jobs = await browser.OpenAsync(baseUrl + "/jobs");
        var rows = jobs.Locator("#jobs-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        for (var i = 0; i < 2; i++)
        {
            var state = rows.Nth(i).Locator(".mud-chip");
            await Assertions.Expect(state).ToHaveTextAsync(JobStates.Failed);
            await Assertions.Expect(state).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-chip-color-error"));
        }

        // Dates carry the year.
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await rows.Nth(0).Locator("a.job-link").ClickAsync();
        await Assertions.Expect(jobs.Locator("#job-details .job-error")).ToContainTextAsync("empty.csv");
        await rows.Nth(1).Locator("a.job-link").ClickAsync();
        await Assertions.Expect(jobs.Locator("#job-details .job-error")).ToContainTextAsync("screenshot.csv");
        await Infrastructure.Browser.ScreenshotAsync(jobs, "refused-upload-jobs");
    }

    private static Task<string> BackgroundAsync(IPage page, string selector) =>
        page.Locator(selector).EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
}
