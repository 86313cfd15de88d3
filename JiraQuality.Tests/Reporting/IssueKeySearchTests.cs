using System.Text.Json;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Reporting;

/// <summary>An issue key (or several pasted keys) finds the ticket whatever the selected window: list, API and page.</summary>
public sealed class IssueKeySearchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("QZT-107", new[] { "QZT-107" })]
    [InlineData(" qzt-107 , ab_c-2;QZT-107\nX1-9 ", new[] { "QZT-107", "AB_C-2", "X1-9" })]
    [InlineData("QZT", null)]
    [InlineData("107", null)]
    [InlineData("QZT-107 and more", null)]
    [InlineData("", null)]
    public void Whole_keys_are_read_as_a_key_list_and_anything_else_as_text(string search, string[]? expected)
    {
        Assert.Equal(expected, IssueKeySearch.Keys(search));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_key_finds_its_ticket_outside_the_window_and_a_part_of_a_key_stays_in_it(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db,
            Row("QZT-107", Now.AddDays(-200)),
            Row("QZT-108", Now.AddDays(-90)),
            Row("QZT-1070", Now.AddHours(-2)),
            Row("ABC-1", Now.AddHours(-1)));
        var conversations = ConversationQueryFor(db);

        var one = await conversations.GetPageAsync(new ConversationListRequest { Window = MetricsWindow.Last7Days, Filter = new MetricsFilter { Search = "qzt-107" } }, Ct);
        // The exact key from any date, and (as before) the keys it is a part of within the window.
        Assert.Equal(["QZT-1070", "QZT-107"], one.Items.Select(i => i.IssueKey));

        var pasted = await conversations.GetPageAsync(new ConversationListRequest { Window = MetricsWindow.Last24Hours, Filter = new MetricsFilter { Search = "QZT-107, QZT-108\nABC-1" } }, Ct);
        Assert.Equal(3, pasted.Total);
        Assert.Equal(["ABC-1", "QZT-108", "QZT-107"], pasted.Items.Select(i => i.IssueKey));

        // Other filters still apply to a key search.
        var otherHub = await conversations.GetPageAsync(new ConversationListRequest { Filter = new MetricsFilter { Search = "QZT-107", Hub = "Hub B" } }, Ct);
        Assert.Equal(0, otherHub.Total);

        // A part of a key is a search inside the window.
        var part = await conversations.GetPageAsync(new ConversationListRequest { Window = MetricsWindow.Last7Days, Filter = new MetricsFilter { Search = "QZT" } }, Ct);
        Assert.Equal(["QZT-1070"], part.Items.Select(i => i.IssueKey));
    }

    [Fact]
    public async Task The_api_finds_a_key_whatever_the_window()
    {
        await using var factory = new JiraQualityAppFactory();
        using var client = factory.CreateClient();
        await using (var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext())
        {
            db.ProcessedConversations.AddRange(Row("OLD-1", Now.AddDays(-400)), Row("OLD-2", Now.AddDays(-100)), Row("NEW-1", Now.AddHours(-1)));
            await db.SaveChangesAsync(Ct);
        }

        using var list = JsonDocument.Parse(await client.GetStringAsync("/api/conversations?window=24h&asOf=2024-04-10T12:00:00Z&q=" + Uri.EscapeDataString("old-1 OLD-2"), Ct));
        Assert.Equal(2, list.RootElement.GetProperty("total").GetInt32());
        Assert.Equal(["OLD-2", "OLD-1"], list.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("issueKey").GetString()));
    }

    [Fact]
    public async Task Analyst_types_an_old_key_in_the_list_and_opens_the_ticket()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        await using (var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext())
        {
            db.ProcessedConversations.AddRange(Row("QZT-107", Now.AddDays(-60)), Row("QZT-200", Now.AddDays(-61)), Row("NEW-1", DateTime.UtcNow.AddHours(-1)));
            await db.SaveChangesAsync(Ct);
        }

        var page = await browser.OpenAsync(baseUrl + "/conversations?window=7d");
        await Assertions.Expect(page.Locator("#conversations-total")).ToHaveTextAsync("1 conversation(s)");
        await page.Locator("#filter-search").FillAsync("QZT-107");
        await page.Locator("#filter-search").PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("q=QZT-107"));
        await Assertions.Expect(page.Locator("#conversations-total")).ToHaveTextAsync("1 conversation(s)");
        await Assertions.Expect(page.Locator("#list-window")).ToContainTextAsync("any date");
        await Assertions.Expect(page.Locator("a.jq-issue-link")).ToHaveTextAsync("QZT-107");

        // Several keys pasted at once.
        await page.Locator("#filter-search").FillAsync("QZT-107 QZT-200");
        await page.Locator("#filter-search").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#conversations-total")).ToHaveTextAsync("2 conversation(s)");

        await page.Locator("a.jq-issue-link", new PageLocatorOptions { HasText = "QZT-107" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1#page-title")).ToHaveTextAsync("QZT-107");
        await Assertions.Expect(page.Locator("#conversation-position")).ToHaveTextAsync("1 of 2 in this list");
        await Infrastructure.Browser.ScreenshotAsync(page, "issue-key-search");
    }
}
