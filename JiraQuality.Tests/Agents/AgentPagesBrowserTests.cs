using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static JiraQuality.Tests.Agents.AgentFixtures;

namespace JiraQuality.Tests.Agents;

/// <summary>The agents list and an agent's page in Chromium: names not ids, sorting, every section, unknown ids, hub scope.</summary>
public sealed class AgentPagesBrowserTests
{
    private const string AsOf = "asOf=2024-04-10T12:00:00Z";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_list_sorts_and_links_to_an_agents_page_with_every_section()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        await SeedAsync(factory.Services.GetRequiredService<JiraQualityContextFactory>());
        await SeedReviewsAsync(factory.Services.GetRequiredService<JiraQualityContextFactory>());

        var page = await browser.OpenAsync($"{baseUrl}/agents?window=7d&{AsOf}");
        var rows = page.Locator("#agents-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        // Most conversations first, ties by name; names, not account ids.
        await Assertions.Expect(rows.Locator("th a")).ToHaveTextAsync(["Alice Archer", "Bob Brown", "Carol Chen"]);
        await Assertions.Expect(page.Locator("#agents-table")).Not.ToContainTextAsync("712020:");
        await Assertions.Expect(page.Locator("#window-7d")).ToHaveAttributeAsync("aria-pressed", "true");

        await page.Locator("#sort-score").ClickAsync();
        await Assertions.Expect(rows.Locator("th a")).ToHaveTextAsync(["Bob Brown", "Alice Archer", "Carol Chen"]);
        await Assertions.Expect(page.Locator("th[aria-sort=descending]")).ToContainTextAsync("Agent score");
        await page.Locator("#sort-score").ClickAsync();
        await Assertions.Expect(rows.Locator("th a")).ToHaveTextAsync(["Carol Chen", "Alice Archer", "Bob Brown"]);
        await Infrastructure.Browser.ScreenshotAsync(page, "agents-list");

        await rows.Locator("th a", new LocatorLocatorOptions { HasText = "Alice Archer" }).ClickAsync();
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("Alice Archer");
        Assert.Contains("/agents/" + Uri.EscapeDataString(Alice), page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#agent-kpi-volume [data-testid=agent-value]")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#agent-kpi-volume [data-testid=team-value]")).ToHaveTextAsync("5");
        await Assertions.Expect(page.Locator("#agent-kpi-agent-score [data-testid=agent-value]")).ToHaveTextAsync("3.00 / 5");
        await Assertions.Expect(page.Locator("#agent-chart-score svg").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#agent-conversations tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#agent-escalations tbody tr")).ToHaveCountAsync(1);
        var flagged = page.Locator(".agent-flagged-message");
        await Assertions.Expect(flagged).ToHaveCountAsync(2);
        await Assertions.Expect(flagged.First).ToContainTextAsync("courier lost it");
        await Assertions.Expect(page.Locator("#agent-flagged")).Not.ToContainTextAsync("alice@example.com");
        await Assertions.Expect(page.Locator(".agent-tip-theme h3")).ToHaveTextAsync(["Speed and waiting (2)", "Empathy and tone (1)"]);
        await Assertions.Expect(page.Locator("#agent-review-internal")).ToContainTextAsync("80.0 / 100");
        await Infrastructure.Browser.ScreenshotAsync(page, "agent-page");

        // The window selector keeps the agent; a quiet window shows empty states.
        await page.Locator("#window-24h").ClickAsync();
        await Assertions.Expect(page.Locator("#window-24h")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.Locator("#agent-kpi-volume [data-testid=agent-value]")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#agent-escalations-empty")).ToBeVisibleAsync();

        // A conversation links to its drill-down; a flagged message to its place in the thread.
        await page.Locator("#window-7d").ClickAsync();
        await page.Locator("#agent-flagged a").First.ClickAsync();
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("A-2");
        Assert.EndsWith("#message-3", page.Url, StringComparison.Ordinal);

        var unknown = await browser.OpenAsync($"{baseUrl}/agents/{Uri.EscapeDataString("712020:ffffffff-0000-4000-8000-000000000000")}");
        await Assertions.Expect(unknown.Locator("#agent-not-found")).ToContainTextAsync("712020:ffffffff-0000-4000-8000-000000000000");

        var empty = await browser.OpenAsync($"{baseUrl}/agents?window=24h&asOf=2020-01-01T00:00:00Z");
        await Assertions.Expect(empty.Locator("#agents-empty")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_hub_scoped_viewer_sees_only_agents_and_conversations_of_their_hubs()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        var contexts = factory.Services.GetRequiredService<JiraQualityContextFactory>();
        await SeedAsync(contexts);
        await SeedReviewsAsync(contexts);
        var viewer = await factory.EnsureUserAsync(Roles.Viewer);
        await using (var db = contexts.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == viewer.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.AllowedHubs, "Hub B"), Ct);
        }

        var page = await browser.OpenAsync($"{baseUrl}/agents?window=7d&{AsOf}", role: Roles.Viewer);
        await Assertions.Expect(page.Locator("#agents-table tbody tr th a")).ToHaveTextAsync(["Carol Chen"]);

        var alice = await browser.OpenAsync($"{baseUrl}/agents/{Uri.EscapeDataString(Alice)}?{AsOf}", role: Roles.Viewer);
        await Assertions.Expect(alice.Locator("#agent-not-found")).ToBeVisibleAsync();
        await Assertions.Expect(alice.Locator("body")).Not.ToContainTextAsync("courier");

        var carol = await browser.OpenAsync($"{baseUrl}/agents/{Uri.EscapeDataString(Carol)}?{AsOf}", role: Roles.Viewer);
        await Assertions.Expect(carol.Locator("#agent-conversations tbody tr")).ToHaveCountAsync(1);
        await Assertions.Expect(carol.Locator("#agent-kpi-volume [data-testid=team-value]")).ToHaveTextAsync("1");
        await Assertions.Expect(carol.Locator("#agent-review-empty")).ToBeVisibleAsync();
    }
}
