using JiraQuality.Benchmarks.Sample;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace JiraQuality.Tests.Reporting;

/// <summary>Figures on open pages follow the jobs that change them, without the user reloading anything.</summary>
public sealed class LiveRefreshBrowserTests
{
    private const int Tickets = 12;
    private static readonly LocatorAssertionsToHaveTextOptions SlowText = new() { Timeout = 90_000 };
    private static readonly LocatorAssertionsToHaveAttributeOptions SlowAttribute = new() { Timeout = 90_000 };
    private static readonly LocatorAssertionsToBeVisibleOptions SlowVisible = new() { Timeout = 90_000 };
    private static readonly LocatorAssertionsToHaveCountOptions SlowCount = new() { Timeout = 90_000 };
    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 90_000 };

    [Fact]
    public async Task An_upload_in_one_tab_updates_the_dashboard_and_list_open_in_others_and_a_drill_down_follows_its_rescore()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        // Recent against the app's clock (the system one under Kestrel), so every ticket falls in the 30-day window.
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var export = new SampleExportGenerator(new SampleExportSettings { Tickets = Tickets, Days = 3, EndUtc = now.AddHours(-1), MaxComments = 6 })
            .WriteFile(Path.Combine(factory.DataDirectory, "live-refresh.csv"));

        var dashboard = await browser.OpenAsync(baseUrl + "/?window=30d");
        var volume = dashboard.Locator("#kpi-volume [data-testid=kpi-value]");
        await Assertions.Expect(dashboard.Locator("#dashboard-no-data")).ToBeVisibleAsync(SlowVisible);
        var volumeBefore = await volume.TextContentAsync();
        Assert.NotEqual(Tickets.ToString(System.Globalization.CultureInfo.InvariantCulture), volumeBefore?.Trim());
        await Infrastructure.Browser.ScreenshotAsync(dashboard, "live-refresh-dashboard-before");

        var list = await browser.OpenAsync(baseUrl + "/conversations?window=30d");
        await Assertions.Expect(list.Locator("#conversations-empty")).ToBeVisibleAsync(SlowVisible);
        await Assertions.Expect(list.Locator("a.jq-issue-link")).ToHaveCountAsync(0);

        var import = await browser.OpenAsync(baseUrl + "/import");
        await Infrastructure.Browser.ChooseFilesAsync(import, export);

        var chain = import.Locator(".import-job[data-kind='csv-import']");
        await Assertions.Expect(chain.Locator("[data-step='1'] .job-progress")).ToHaveAttributeAsync("data-state", "succeeded", SlowAttribute);
        await Assertions.Expect(chain.Locator("[data-step='1'] .job-percent")).ToHaveTextAsync("100 %", SlowText);
        await Assertions.Expect(chain.Locator("[data-step='2'] .job-progress")).ToHaveAttributeAsync("data-state", "succeeded", SlowAttribute);
        await Assertions.Expect(chain.Locator("[data-step='2'] .job-percent")).ToHaveTextAsync("100 %", SlowText);
        await Infrastructure.Browser.ScreenshotAsync(import, "live-refresh-import");

        // The first tab was never navigated or reloaded: its circuit re-ran the queries when processing succeeded.
        await Assertions.Expect(volume).ToHaveTextAsync(Tickets.ToString(System.Globalization.CultureInfo.InvariantCulture), SlowText);
        await Assertions.Expect(dashboard.Locator("#dashboard-no-data")).ToHaveCountAsync(0, SlowCount);
        Assert.Equal(baseUrl + "/?window=30d", dashboard.Url);
        await Infrastructure.Browser.ScreenshotAsync(dashboard, "live-refresh-dashboard-after");

        await Assertions.Expect(list.Locator("#conversations-total")).ToHaveTextAsync($"{Tickets} conversation(s)", SlowText);
        await Assertions.Expect(list.Locator("a.jq-issue-link")).ToHaveCountAsync(Tickets, SlowCount);
        Assert.Equal(baseUrl + "/conversations?window=30d", list.Url);
        await Infrastructure.Browser.ScreenshotAsync(list, "live-refresh-conversations-after");

        // The drill-down's re-score: a stale score on screen is replaced by the handler's, followed live.
        var contexts = factory.Services.GetRequiredService<JiraQualityContextFactory>();
        string issueKey;
        double? scored;
        await using (var db = contexts.CreateDbContext())
        {
            var row = await db.ProcessedConversations.AsNoTracking().Where(r => r.AgentScore != null).OrderBy(r => r.IssueKey).FirstAsync(Ct);
            (issueKey, scored) = (row.IssueKey, row.AgentScore);
            await db.ProcessedConversations.Where(r => r.IssueKey == issueKey).ExecuteUpdateAsync(u => u.SetProperty(r => r.AgentScore, 0.5), Ct);
        }

        var detail = await browser.OpenAsync(baseUrl + "/conversations/" + issueKey);
        await Assertions.Expect(detail.Locator("#score-agent")).ToContainTextAsync("0.5 / 5", Slow);
        await detail.Locator("#rescore").ClickAsync();
        var progress = detail.Locator("#rescore-progress .job-progress");
        await Assertions.Expect(progress).ToHaveAttributeAsync("data-state", "succeeded", SlowAttribute);
        await Assertions.Expect(progress.Locator(".job-percent")).ToHaveTextAsync("100 %", SlowText);
        await Assertions.Expect(detail.Locator("#rescore-status")).ToContainTextAsync("Re-scored", Slow);
        await Assertions.Expect(detail.Locator("#score-agent")).Not.ToContainTextAsync("0.5 / 5", Slow);
        await Infrastructure.Browser.ScreenshotAsync(detail, "live-refresh-rescored");
        await using (var db = contexts.CreateDbContext())
        {
            var row = await db.ProcessedConversations.AsNoTracking().SingleAsync(r => r.IssueKey == issueKey, Ct);
            Assert.Equal(scored, row.AgentScore);
            var job = await db.JobRuns.AsNoTracking().SingleAsync(j => j.Kind == JobKinds.Rescore, Ct);
            Assert.Equal(JobStates.Succeeded, job.State);
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
