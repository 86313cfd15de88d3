using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.SavedViews;

/// <summary>An analyst names and saves the list's filters, picks them later from the menu and deletes them; other users do not see them.</summary>
public sealed class SavedViewsBrowserTests
{
    [Fact]
    public async Task A_saved_view_is_picked_from_the_menu_deleted_and_kept_per_user()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        await using (var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext())
        {
            var now = DateTime.UtcNow;
            db.ProcessedConversations.AddRange(
                Row("VIEW-1", now.AddHours(-1), r => r.Status = "Done"),
                Row("VIEW-2", now.AddHours(-2), r => r.Status = "Waiting for customer"));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var page = await browser.OpenAsync(baseUrl + "/conversations?status=Waiting%20for%20customer", role: Roles.Analyst);
        await Assertions.Expect(page.Locator("a.jq-issue-link")).ToHaveCountAsync(1);
        await page.Locator("#save-view").ClickAsync();
        await page.Locator("#save-view-name").FillAsync("Waiting on customers");
        await page.Locator("#save-view-confirm").ClickAsync();
        await Assertions.Expect(page.Locator(".saved-view-name")).ToHaveTextAsync("Waiting on customers");

        await page.GotoAsync(baseUrl + "/conversations");
        await Infrastructure.Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("a.jq-issue-link")).ToHaveCountAsync(2);
        await page.Locator("#saved-views-menu button").First.ClickAsync();
        await page.Locator(".mud-popover-open .saved-view-item", new PageLocatorOptions { HasTextString = "Waiting on customers" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("status=Waiting(%20|\\+)for(%20|\\+)customer"));
        await Assertions.Expect(page.Locator("a.jq-issue-link")).ToHaveCountAsync(1);

        // Another user has their own (empty) list.
        var admin = await browser.OpenAsync(baseUrl + "/conversations");
        await admin.Locator("#saved-views-menu button").First.ClickAsync();
        await Assertions.Expect(admin.Locator(".mud-popover-open .saved-view-item")).ToHaveCountAsync(0);
        await Assertions.Expect(admin.Locator(".mud-popover-open")).ToContainTextAsync("No saved views yet");

        await page.Locator("#save-view").ClickAsync();
        await page.Locator("button[aria-label='Delete the view Waiting on customers']").ClickAsync();
        await Assertions.Expect(page.Locator(".saved-view-name")).ToHaveCountAsync(0);
        await page.ReloadAsync();
        await Infrastructure.Browser.WaitForCircuitAsync(page);
        await page.Locator("#saved-views-menu button").First.ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .saved-view-item")).ToHaveCountAsync(0);
    }
}
