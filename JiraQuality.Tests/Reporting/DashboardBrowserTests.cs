using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Playwright;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Reporting;

/// <summary>The dashboard in Chromium: anchor, window, filter, KPI list, ticket and evidence link.</summary>
public sealed class DashboardBrowserTests
{
    [Fact]
    public async Task Analyst_moves_from_the_dashboard_to_a_kpi_list_a_ticket_and_its_evidence()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        await SeedAsync(factory);

        var page = await browser.OpenAsync(baseUrl + "/");
        await Assertions.Expect(page.Locator("#data-as-of-banner")).ToContainTextAsync("latest data is from 2024-04-10 11:00 UTC");
        await page.Locator("#anchor-latest").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("asOf=2024-04-10T11"));
        var volume = page.Locator("#kpi-volume [data-testid=kpi-value]");
        await Assertions.Expect(volume).ToHaveTextAsync("6");
        await Assertions.Expect(page.Locator("#chart-volume svg").First).ToBeVisibleAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "dashboard-7d");

        await page.Locator("#window-24h").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("window=24h"));
        await Assertions.Expect(volume).ToHaveTextAsync("4");

        await page.Locator("#filter-search").FillAsync("WEB");
        await page.Locator("#filter-search").PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("q=WEB"));
        await Assertions.Expect(volume).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#kpi-unresolved [data-testid=kpi-value]")).ToHaveTextAsync("67%");
        await Infrastructure.Browser.ScreenshotAsync(page, "dashboard-24h-filtered");

        await page.Locator("#kpi-unresolved a").ClickAsync();
        await Assertions.Expect(page.Locator("h1#page-title")).ToHaveTextAsync("Conversations");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("focus=unresolved"));
        await Assertions.Expect(page.Locator("#list-focus")).ToHaveTextAsync("Unresolved");
        await Assertions.Expect(page.Locator("a.jq-issue-link")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#conversations-total")).ToHaveTextAsync("2 conversation(s)");
        await Infrastructure.Browser.ScreenshotAsync(page, "conversations-unresolved");

        await page.Locator("a.jq-issue-link", new PageLocatorOptions { HasText = "WEB-1" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1#page-title")).ToHaveTextAsync("WEB-1");
        await Assertions.Expect(page.Locator("#conversation-position")).ToHaveTextAsync("1 of 2 in this list");
        await Assertions.Expect(page.Locator("li.jq-message")).ToHaveCountAsync(12);

        await page.Locator("#score-agent a.jq-evidence").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#message-11$"));
        await Assertions.Expect(page.Locator("#message-11")).ToBeInViewportAsync();
        await Assertions.Expect(page.Locator("#message-11")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("jq-message-highlight"));
        await Infrastructure.Browser.ScreenshotAsync(page, "conversation-evidence");

        await page.Locator("#next-conversation").ClickAsync();
        await Assertions.Expect(page.Locator("h1#page-title")).ToHaveTextAsync("WEB-3");

        // Phone width in the dark theme: nothing may force the page wider than the screen.
        var phone = await browser.OpenAsync(baseUrl + "/?asOf=2024-04-10T11:00:00Z", width: 390, height: 844);
        await Assertions.Expect(phone.Locator("#kpi-volume [data-testid=kpi-value]")).ToHaveTextAsync("6");
        await phone.Locator("#theme-toggle").ClickAsync();
        await Assertions.Expect(phone.Locator("#chart-volume svg").First).ToBeVisibleAsync();
        var overflow = await phone.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 1, $"The dashboard is {overflow}px wider than a 390px screen.");
        await Infrastructure.Browser.ScreenshotAsync(phone, "dashboard-phone-dark");
    }

    private static async Task SeedAsync(JiraQualityAppFactory factory)
    {
        var options = new StorageOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(factory.DataDirectory, "test.db")};Pooling=False" };
        var contexts = new JiraQualityContextFactory(options);
        var latest = Now.AddHours(-1);
        await using var db = contexts.CreateDbContext();
        db.ProcessedConversations.AddRange(
            Row("WEB-1", latest, r => { r.Resolved = false; r.ScoreReasonsJson = """{"agent":{"reason":"Replied with the fix","evidence":[11]}}"""; }),
            Row("WEB-2", latest.AddHours(-2), r => r.Resolved = true),
            Row("WEB-3", latest.AddHours(-3), r => r.Resolved = false),
            Row("OTHER-4", latest.AddHours(-4)),
            Row("OTHER-5", latest.AddDays(-3)),
            Row("OTHER-6", latest.AddDays(-5)));
        db.PreparedConversations.Add(new PreparedConversation
        {
            IssueKey = "WEB-1",
            Summary = "Scooter will not start",
            ThreadJson = ConversationJson.SerializeMessages(Enumerable.Range(1, 12).Select(i => new ConversationMessage
            {
                Index = i,
                Role = i % 2 == 1 ? MessageRole.Customer : MessageRole.Agent,
                Tier = i % 2 == 1 ? AgentTier.None : AgentTier.Tier1,
                Text = $"Message {i}: " + string.Join(' ', Enumerable.Repeat("words to make the thread long", 12)),
                TimestampUtc = latest.AddMinutes(-60 + (i * 4)),
                IsInternal = i == 6,
            }).ToList()),
            PreparedAtUtc = latest,
        });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}
