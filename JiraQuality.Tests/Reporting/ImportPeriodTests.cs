using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Benchmarks.Sample;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Web.Features.Import;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace JiraQuality.Tests.Reporting;

/// <summary>The import report says which period the tickets cover and links to the list and the dashboard for it.</summary>
public sealed class ImportPeriodTests
{
    private static readonly DateTime June1 = new(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_dashboard_link_uses_the_smallest_window_holding_the_period_and_says_when_none_does()
    {
        var day = new ImportPeriod(June1, June1.AddHours(20));
        Assert.Equal(MetricsWindow.Last24Hours, day.DashboardWindow);
        Assert.Equal("/?window=24h&asOf=2025-06-01T20%3A00%3A00Z", day.DashboardHref);
        Assert.Equal("/conversations?asOf=2025-06-01T20%3A00%3A00Z&from=2025-06-01T00%3A00%3A00Z", day.ListHref);

        var weeks = new ImportPeriod(June1, June1.AddDays(20));
        Assert.Equal(MetricsWindow.Last30Days, weeks.DashboardWindow);
        Assert.True(weeks.DashboardShowsAll);

        var months = new ImportPeriod(June1, June1.AddDays(61));
        Assert.Equal(MetricsWindow.Last30Days, months.DashboardWindow);
        Assert.False(months.DashboardShowsAll);
    }

    [Fact]
    public async Task An_import_of_old_tickets_reports_its_period_and_its_links_open_exactly_those_tickets()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        var export = new SampleExportGenerator(new SampleExportSettings { Tickets = 20, EndUtc = June1.AddDays(10), Days = 10 })
            .WriteFile(Path.Combine(factory.DataDirectory, "june-export.csv"));

        var page = await browser.OpenAsync(baseUrl + "/import");
        await Infrastructure.Browser.ChooseFilesAsync(page, export);
        await Assertions.Expect(page.Locator("#import-summary")).ToContainTextAsync("20 created", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
        var period = page.Locator("#import-period");
        await Assertions.Expect(period).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"20 ticket\(s\), conversations dated\s+2025-0[56]-\d\d → 2025-06-\d\d"));
        await Infrastructure.Browser.ScreenshotAsync(page, "import-period");

        // Scoring follows the import; once it has, the list link shows every imported conversation that has a date.
        var contexts = factory.Services.GetRequiredService<JiraQualityContextFactory>();
        await WaitUntilAsync(async () =>
        {
            await using var db = contexts.CreateDbContext();
            return !await ScoredState.Unscored(db).AnyAsync(TestContext.Current.CancellationToken);
        });
        int dated;
        await using (var db = contexts.CreateDbContext())
        {
            dated = await db.ProcessedConversations.CountAsync(p => p.ConversationEndUtc != null, TestContext.Current.CancellationToken);
        }

        await page.Locator("#import-period-list").ClickAsync();
        await Assertions.Expect(page.Locator("h1#page-title")).ToHaveTextAsync("Conversations");
        await Assertions.Expect(page.Locator("#list-window")).ToContainTextAsync("From 2025-0");
        await Assertions.Expect(page.Locator("#conversations-total")).ToHaveTextAsync($"{dated} conversation(s)");
        Assert.True(dated >= 15, $"Only {dated} of 20 sample conversations have a date.");

        await page.GoBackAsync();
        await Infrastructure.Browser.WaitForCircuitAsync(page);
        await page.Locator("#import-period-dashboard").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"window=(7d|30d)&asOf=2025-06-"));
        await Assertions.Expect(page.Locator("#kpi-volume [data-testid=kpi-value]")).ToHaveTextAsync(dated.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 90 s.");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }
}
