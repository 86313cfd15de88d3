using JiraQuality.Tests.Infrastructure;
using Microsoft.Playwright;

namespace JiraQuality.Tests.Jira;

public sealed class JiraSettingsBrowserTests
{
    [Fact]
    public async Task Test_connection_button_reports_the_Jira_account_at_desktop_and_phone_width()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var jira = await FakeJiraServer.StartAsync();
        var settings = JiraTestHost.Settings(jira);
        settings["Webhooks:JiraSecret"] = "webhook-secret";
        await using var factory = new JiraQualityAppFactory(settings);
        var baseUrl = factory.StartKestrel();

        foreach (var (width, name) in new[] { (1280, "desktop"), (390, "phone") })
        {
            var page = await browser.OpenAsync(baseUrl + "/settings", width: width);
            await Assertions.Expect(page.Locator("h1#page-title")).ToHaveTextAsync("Settings");
            await Assertions.Expect(page.Locator("#jira-connection-state")).ToContainTextAsync("Configured");
            await Assertions.Expect(page.Locator("#jira-webhook-url")).ToHaveTextAsync(baseUrl + "/api/webhooks/jira");

            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Test connection" }).ClickAsync();

            await Assertions.Expect(page.Locator("#jira-test-result")).ToContainTextAsync("Connected as Sync Bot");
            await Infrastructure.Browser.ScreenshotAsync(page, "settings-jira-" + name);
            await page.CloseAsync();
        }

        Assert.Contains(jira.Requests, r => r.Path == "/rest/api/3/myself");
    }
}
