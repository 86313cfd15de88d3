using JiraQuality.Core.Identity;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Reporting;

/// <summary>
/// A hub-scoped user's drop-downs list only values of their hubs: hubs, and the agents, statuses and contact reasons of
/// their hubs' conversations, never other hubs' names.
/// </summary>
public sealed class HubDropdownTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ProcessedConversation[] Rows() =>
    [
        Row("A-1", Now.AddHours(-1)),
        Row("B-1", Now.AddHours(-2), r => r.Hub = "Hub B"),
        Row("SECRET-1", Now.AddHours(-3), r =>
        {
            r.Hub = "Secret Hub";
            r.PrimaryAgent = "Secret Agent";
            r.Status = "Secret Status";
            r.ContactReason = "Secret Reason";
        }),
        Row("U-1", Now.AddHours(-4), r => r.Hub = null),
    ];

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_filter_choices_hold_only_the_users_hubs(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db, Rows());
        var metrics = CreateMetrics(db);

        Assert.Equal(["Hub A", "Hub B", "Secret Hub", MetricsFilter.UnassignedHub], (await metrics.GetFilterOptionsForAsync(null, null, Ct)).Hubs);
        Assert.Equal(["Hub A"], (await metrics.GetFilterOptionsForAsync(null, HubScope.Normalize("Hub A"), Ct)).Hubs);
        Assert.Equal(["Hub B", MetricsFilter.UnassignedHub], (await metrics.GetFilterOptionsForAsync(null, HubScope.Normalize("Unassigned, Hub B"), Ct)).Hubs);
        // The cached, shared choices are not narrowed for the next user.
        Assert.Equal(4, (await metrics.GetFilterOptionsAsync(null, Ct)).Hubs.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_agent_status_and_reason_choices_hold_only_values_of_the_users_hubs(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        // Whole hours ago and hours apart, so the shared choices come from the rollup and the scoped ones from the rows.
        await SeedAsync(db, Rows());
        var metrics = CreateMetrics(db);

        var every = await metrics.GetFilterOptionsForAsync(null, null, Ct);
        Assert.Equal(["Agent Alpha", "Secret Agent"], every.Agents);
        Assert.Equal(["Done", "Secret Status"], every.Statuses);
        Assert.Equal(["Billing", "Secret Reason"], every.ContactReasons);

        var mine = await metrics.GetFilterOptionsForAsync(null, HubScope.Normalize("Hub A, Hub B"), Ct);
        Assert.Equal(["Agent Alpha"], mine.Agents);
        Assert.Equal(["Done"], mine.Statuses);
        Assert.Equal(["Billing"], mine.ContactReasons);

        var secret = await metrics.GetFilterOptionsForAsync(null, HubScope.Normalize("Secret Hub"), Ct);
        Assert.Equal(["Secret Agent"], secret.Agents);
        Assert.Equal(["Secret Status"], secret.Statuses);
        Assert.Equal(["Secret Reason"], secret.ContactReasons);

        // Each scope keeps its own cached choices.
        Assert.Equal(["Agent Alpha"], (await metrics.GetFilterOptionsForAsync(null, HubScope.Normalize("Hub A, Hub B"), Ct)).Agents);
        Assert.Equal(2, (await metrics.GetFilterOptionsAsync(null, Ct)).Agents.Count);
    }

    [Fact]
    public async Task A_scoped_viewer_sees_only_their_hubs_in_the_dashboard_and_list_drop_downs()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        var contexts = factory.Services.GetRequiredService<JiraQualityContextFactory>();
        await using (var db = contexts.CreateDbContext())
        {
            db.ProcessedConversations.AddRange(Rows());
            await db.SaveChangesAsync(Ct);
        }

        var viewer = await factory.EnsureUserAsync(Roles.Viewer);
        await using (var db = contexts.CreateDbContext())
        {
            await db.Users.Where(u => u.Id == viewer.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.AllowedHubs, "Hub A"), Ct);
        }

        foreach (var path in new[] { "/", "/conversations" })
        {
            var page = await browser.OpenAsync($"{baseUrl}{path}?window=24h&asOf=2024-04-10T12:00:00Z", role: Roles.Viewer);
            await page.Locator("div.mud-select:has(#filter-hub)").First.ClickAsync();
            var items = page.Locator(".mud-popover-open .mud-list-item");
            await Assertions.Expect(items).ToHaveTextAsync(["All", "Hub A"]);
            await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("Secret Hub");
            await page.Keyboard.PressAsync("Escape");
            foreach (var (dropDown, shown) in new[] { ("filter-agent", "Agent Alpha"), ("filter-status", "Done"), ("filter-reason", "Billing") })
            {
                await page.Locator($"div.mud-select:has(#{dropDown})").First.ClickAsync();
                await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveTextAsync(["All", shown]);
                await page.Keyboard.PressAsync("Escape");
            }

            await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("Secret");
        }

        // An admin, who sees every hub, still has them all.
        var admin = await browser.OpenAsync($"{baseUrl}/?window=24h&asOf=2024-04-10T12:00:00Z");
        await admin.Locator("div.mud-select:has(#filter-hub)").First.ClickAsync();
        await Assertions.Expect(admin.Locator(".mud-popover-open .mud-list-item")).ToHaveTextAsync(["All", "Hub A", "Hub B", "Secret Hub", MetricsFilter.UnassignedHub]);
    }
}
