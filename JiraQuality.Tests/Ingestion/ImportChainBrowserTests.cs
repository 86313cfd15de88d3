using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Benchmarks.Sample;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace JiraQuality.Tests.Ingestion;

public sealed class ImportChainBrowserTests
{
    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 90_000 };
    private static readonly LocatorAssertionsToHaveTextOptions SlowText = new() { Timeout = 90_000 };
    private static readonly LocatorAssertionsToHaveAttributeOptions SlowAttribute = new() { Timeout = 90_000 };

    [Fact]
    public async Task An_uploaded_export_is_imported_then_scored_both_reaching_100_percent_on_the_page()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        var export = new SampleExportGenerator(new SampleExportSettings { Tickets = 40 }).WriteFile(Path.Combine(factory.DataDirectory, "april-export.csv"));

        var page = await browser.OpenAsync(baseUrl + "/import");
        await Infrastructure.Browser.ChooseFilesAsync(page, export);

        var import = page.Locator(".import-job[data-kind='csv-import']");
        await Assertions.Expect(import).ToContainTextAsync("april-export.csv", Slow);
        var importStep = import.Locator("[data-step='1']");
        var processingStep = import.Locator("[data-step='2']");
        await Assertions.Expect(importStep.Locator(".job-progress")).ToHaveAttributeAsync("data-state", "succeeded", SlowAttribute);
        await Assertions.Expect(importStep.Locator(".job-percent")).ToHaveTextAsync("100 %", SlowText);
        await Assertions.Expect(page.Locator("#import-summary")).ToContainTextAsync("40 created", Slow);
        await Assertions.Expect(processingStep.Locator(".job-kind")).ToHaveTextAsync("processing", SlowText);
        await Assertions.Expect(processingStep.Locator(".job-progress")).ToHaveAttributeAsync("data-state", "succeeded", SlowAttribute);
        await Assertions.Expect(processingStep.Locator(".job-percent")).ToHaveTextAsync("100 %", SlowText);
        await Assertions.Expect(processingStep.Locator(".job-counts")).ToContainTextAsync("40", Slow);
        // The report stays under the finished chain.
        await Assertions.Expect(page.Locator("#import-report")).ToContainTextAsync("april-export.csv");
        await Infrastructure.Browser.ScreenshotAsync(page, "import-chain");
        await page.Locator("#theme-toggle").ClickAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "import-chain-dark");

        // The upload is kept while the user is away: a phone opening the page later sees the finished chain.
        var phone = await browser.OpenAsync(baseUrl + "/import", width: 390, height: 844);
        await Assertions.Expect(phone.Locator(".import-job[data-kind='csv-import'] [data-step='2'] .job-percent")).ToHaveTextAsync("100 %", SlowText);
        await Assertions.Expect(phone.Locator("#import-summary")).ToContainTextAsync("40 created");
        // The kind choice is reachable by keyboard.
        await phone.GetByRole(AriaRole.Radio, new PageGetByRoleOptions { Name = "Scored CSV (previous tool's analysis layout)" }).FocusAsync();
        await phone.Keyboard.PressAsync("Space");
        await Assertions.Expect(phone.Locator("#overwrite-scored")).ToBeVisibleAsync();
        await Infrastructure.Browser.ScreenshotAsync(phone, "import-chain-phone");

        await using var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext();
        var rows = await db.ProcessedConversations.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(40, rows.Count);
        Assert.All(rows, r => Assert.Equal(ScorerKinds.Heuristic, r.ScorerKind));
    }

    [Fact]
    public async Task A_scored_csv_is_detected_from_its_header_and_a_bad_one_shows_the_line_and_column()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        var scored = Path.Combine(factory.DataDirectory, "convo_quality_550.csv");
        await File.WriteAllTextAsync(scored, ScoredCsvTests.FirstLayout, TestContext.Current.CancellationToken);
        var bad = Path.Combine(factory.DataDirectory, "convo_quality_bad.csv");
        await File.WriteAllTextAsync(bad, ScoredCsvTests.FirstLayout.Replace(",4,Dock won't release,", ",great,Dock won't release,", StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var page = await browser.OpenAsync(baseUrl + "/import");
        await Infrastructure.Browser.ChooseFilesAsync(page, scored);

        var job = page.Locator(".import-job[data-kind='scored-csv-import']");
        await Assertions.Expect(job.Locator(".job-progress")).ToHaveAttributeAsync("data-state", "succeeded", SlowAttribute);
        await Assertions.Expect(job.Locator(".job-summary")).ToContainTextAsync("Imported 1 scored conversations from convo_quality_550.csv", Slow);
        await Assertions.Expect(page.Locator(".import-job[data-kind='csv-import']")).ToHaveCountAsync(0);

        // Chosen explicitly this time; the file is refused whole, naming where.
        await page.Locator("#upload-kind-scored").ClickAsync();
        await Infrastructure.Browser.ChooseFilesAsync(page, bad);
        var failed = page.Locator(".import-job[data-kind='scored-csv-import']");
        await Assertions.Expect(failed).ToContainTextAsync("convo_quality_bad.csv", Slow);
        await Assertions.Expect(failed.Locator(".job-progress")).ToHaveAttributeAsync("data-state", "failed", SlowAttribute);
        await Assertions.Expect(failed.Locator(".job-error")).ToContainTextAsync("line 2, column conversation_rating", Slow);
        await Infrastructure.Browser.ScreenshotAsync(page, "import-scored-error");

        await using var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext();
        var row = Assert.Single(await db.ProcessedConversations.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(("CC-39389", ScorerKinds.Imported), (row.IssueKey, row.ScorerKind));
    }

}
