using JiraQuality.Core.Ingestion.Sample;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Playwright;

namespace JiraQuality.Tests.Browser;

/// <summary>Figures on open pages follow the jobs that change them, without the user reloading anything.</summary>
public sealed class LiveRefreshBrowserTests
{
    private const int Tickets = 12;
    private static readonly LocatorAssertionsToHaveTextOptions SlowText = new() { Timeout = 90_000 };
    private static readonly LocatorAssertionsToHaveAttributeOptions SlowAttribute = new() { Timeout = 90_000 };
    private static readonly LocatorAssertionsToBeVisibleOptions SlowVisible = new() { Timeout = 90_000 };
    private static readonly LocatorAssertionsToHaveCountOptions SlowCount = new() { Timeout = 90_000 };

    [Fact]
    public async Task An_upload_in_one_tab_updates_the_dashboard_and_the_conversations_list_open_in_others()
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
        var choose = import.Locator("#choose-files");
        await Assertions.Expect(choose).ToBeEnabledAsync(new LocatorAssertionsToBeEnabledOptions { Timeout = 90_000 });
        var chooser = await import.RunAndWaitForFileChooserAsync(() => choose.ClickAsync());
        await chooser.SetFilesAsync(export);

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
    }
}
