using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Accessibility;

/// <summary>
/// The conversation list on a 390×844 phone: every card fits the screen with no value cut off, the filters wait
/// behind a button, and 25 conversations make a page of a few screens, not a dozen.
/// </summary>
public sealed class MobileLayoutBrowserTests
{
    /// <summary>The page height allowed for 25 conversations on a phone (it was about 13,000 px).</summary>
    public const int MaxPhonePageHeight = 7_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task On_a_phone_the_list_is_compact_its_cards_fit_and_the_filters_collapse()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        await SeedAsync(factory, 30);

        var page = await browser.OpenAsync(baseUrl + "/conversations", width: 390, height: 844);
        await Assertions.Expect(page.Locator("a.jq-issue-link")).ToHaveCountAsync(25, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });

        var toggle = page.Locator("#filters-toggle");
        await Assertions.Expect(toggle).ToBeVisibleAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(page.Locator("#filter-search")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#window-7d")).ToBeVisibleAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "conversations-phone");

        var json = await page.EvaluateAsync<string>("""
            () => {
                const width = window.innerWidth;
                const rows = [...document.querySelectorAll('#conversations-grid tbody tr')].filter(r => r.querySelector('a.jq-issue-link'));
                const wide = rows.map(r => r.getBoundingClientRect()).filter(b => b.left < -0.5 || b.right > width + 0.5).length;
                const cut = [...document.querySelectorAll('#conversations-grid tbody td')]
                    .filter(td => td.scrollWidth > td.clientWidth + 1 || td.getBoundingClientRect().right > width + 0.5)
                    .map(td => (td.dataset.label || '?') + ': ' + td.textContent.trim());
                return JSON.stringify({
                    viewport: width,
                    overflow: document.documentElement.scrollWidth - width,
                    rows: rows.length,
                    widest: Math.max(...rows.map(r => r.getBoundingClientRect().width)),
                    rowsWiderThanScreen: wide,
                    cutCells: cut.slice(0, 10),
                    pageHeight: document.documentElement.scrollHeight,
                });
            }
            """);
        var layout = System.Text.Json.JsonSerializer.Deserialize<PhoneLayout>(json, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
        await File.WriteAllTextAsync(Path.Combine(TestEnvironment.ArtifactsDirectory, "conversations-phone.json"), json, Ct);
        Assert.Equal(25, layout.Rows);
        Assert.True(layout.Overflow <= 1, $"The page is {layout.Overflow}px wider than the {layout.Viewport}px screen.");
        Assert.True(layout.RowsWiderThanScreen == 0, $"{layout.RowsWiderThanScreen} card(s) are wider than the screen (widest {layout.Widest}px).");
        Assert.True(layout.CutCells.Length == 0, "Values cut off: " + string.Join("; ", layout.CutCells));
        Assert.True(layout.PageHeight <= MaxPhonePageHeight, $"25 conversations make a {layout.PageHeight}px page on a phone (at most {MaxPhonePageHeight}px).");

        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(page.Locator("#filter-search")).ToBeVisibleAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "conversations-phone-filters");
        await toggle.ClickAsync();
        await Assertions.Expect(page.Locator("#filter-search")).ToBeHiddenAsync();

        // On a wide screen the filters are simply there, without the button.
        var desktop = await browser.OpenAsync(baseUrl + "/conversations");
        await Assertions.Expect(desktop.Locator("#filter-search")).ToBeVisibleAsync();
        await Assertions.Expect(desktop.Locator("#filters-toggle")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task On_a_phone_an_active_filter_is_counted_on_the_collapsed_filters_button()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        await SeedAsync(factory, 3);

        var page = await browser.OpenAsync(baseUrl + "/conversations?status=Done&hub=Hub%20A", width: 390, height: 844);
        await Assertions.Expect(page.Locator("#filters-toggle")).ToContainTextAsync("Filters (2)");
        await Assertions.Expect(page.Locator("#filter-search")).ToBeHiddenAsync();
    }

    public sealed record PhoneLayout(double Viewport, double Overflow, int Rows, double Widest, int RowsWiderThanScreen, string[] CutCells, double PageHeight);

    /// <summary>Conversations ending in the last hours, with the long names and reasons real tickets have.</summary>
    private static async Task SeedAsync(JiraQualityAppFactory factory, int count)
    {
        var now = DateTime.UtcNow;
        await using var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext();
        for (var i = 0; i < count; i++)
        {
            db.ProcessedConversations.Add(Row($"SUPPORTDESK-{1000 + i}", now.AddMinutes(-10 - (i * 7)), r =>
            {
                r.PrimaryAgent = "Maria-Fernanda Albuquerque";
                r.Reporter = "Jean-Baptiste Delacroix-Montgomery";
                r.CustomerAuthors = r.Reporter;
                r.ContactReason = "Hardware/Peripheral issue (docking stations, monitors and keyboards)";
                r.ContactReasonOriginal = "Access request";
                r.ContactReasonChanged = i % 2 == 0;
                r.Hub = "North America East Service Desk";
                r.Status = "Waiting for customer";
                r.CustomerAbuseDetected = i % 3 == 0;
                r.AgentProfanityDetected = i % 4 == 0;
                r.EscalatedTier1ToTier2 = i % 5 == 0;
                r.CostUsd = 0.0123;
            }));
        }

        await db.SaveChangesAsync(Ct);
    }
}
