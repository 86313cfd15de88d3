using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Playwright;

namespace JiraQuality.Tests.Alerts;

/// <summary>The Settings section and the history page in a real browser, used from the keyboard by their accessible names.</summary>
public sealed class AlertsBrowserTests
{
    [Fact]
    public async Task Send_test_works_from_the_keyboard_and_the_history_page_explains_its_empty_state()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var receiver = await AlertReceiver.StartAsync();
        var settings = AlertTestHost.WebhookChannel(receiver.Url(), "browser-secret", "ops", ("customer-abuse", "immediate"));
        await using var factory = await AlertsAfterProcessingJobTests.AppAsync(DatabaseProvider.Sqlite, settings);
        var baseUrl = factory.StartKestrel();

        var page = await browser.OpenAsync(baseUrl + "/settings");
        var sendTest = page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Send a test alert to ops" });
        await sendTest.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var status = page.GetByRole(AriaRole.Region, new PageGetByRoleOptions { Name = "Alerts" }).GetByRole(AriaRole.Status);
        await Assertions.Expect(status).ToContainTextAsync("Test alert sent to 'ops'.");
        Assert.Single(receiver.Requests);
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new PageGetByRoleOptions { Name = "Alerts" })).ToBeVisibleAsync();
        Assert.DoesNotContain("browser-secret", await page.ContentAsync());
        Assert.DoesNotContain("/hook/T000/B000/secret-path", await page.ContentAsync());

        await page.Locator("#nav-alerts").ClickAsync();
        await Assertions.Expect(page.Locator("h1#page-title")).ToHaveTextAsync("Alerts");
        await Assertions.Expect(page.Locator("#alerts-empty")).ToContainTextAsync("They appear here when a processing job stores a conversation that a rule matches.");
        await Infrastructure.Browser.ScreenshotAsync(page, "alerts-history-empty");
    }
}
