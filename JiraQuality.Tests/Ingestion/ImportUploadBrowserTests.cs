using JiraQuality.Benchmarks.Sample;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace JiraQuality.Tests.Ingestion;

public sealed class ImportUploadBrowserTests
{
    [Fact]
    public async Task Uploading_csv_files_in_chromium_imports_them_and_shows_the_report()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        var export = new SampleExportGenerator(new SampleExportSettings { Tickets = 25 }).WriteFile(Path.Combine(factory.DataDirectory, "march-export.csv"));
        var notCsv = Path.Combine(factory.DataDirectory, "people.csv");
        await File.WriteAllTextAsync(notCsv, "Name,Email\nAnn,a@example.org\n", TestContext.Current.CancellationToken);

        var page = await browser.OpenAsync(baseUrl + "/import");
        await Assertions.Expect(page.Locator("h1#page-title")).ToHaveTextAsync("Import");
        await Assertions.Expect(page.Locator("#import-empty")).ToBeVisibleAsync();
        await Infrastructure.Browser.ChooseFilesAsync(page, export, notCsv);

        var summary = page.Locator("#import-summary");
        await Assertions.Expect(summary).ToContainTextAsync("25 created", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
        await Assertions.Expect(summary).ToContainTextAsync("1 file(s) failed");
        await Assertions.Expect(page.Locator("#import-report")).ToContainTextAsync("march-export.csv");
        await Assertions.Expect(page.Locator("#import-report")).ToContainTextAsync("people.csv");
        await Assertions.Expect(page.Locator("#import-report")).ToContainTextAsync("no 'Issue key' column");
        await Infrastructure.Browser.ScreenshotAsync(page, "import-report");

        await using var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext();
        Assert.Equal(25, await db.PreparedConversations.CountAsync(TestContext.Current.CancellationToken));

        // The same export again: nothing changes.
        await Infrastructure.Browser.ChooseFilesAsync(page, export);
        await Assertions.Expect(summary).ToContainTextAsync("25 unchanged", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });

        var phone = await browser.OpenAsync(baseUrl + "/import", width: 390, height: 844);
        await Assertions.Expect(phone.Locator("#choose-files")).ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator("#import-summary")).ToContainTextAsync("25 unchanged");
    }

}
