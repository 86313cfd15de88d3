using JiraQuality.Tests.Infrastructure;
using Microsoft.Playwright;

namespace JiraQuality.Tests.Web;

public sealed class NavigationBrowserTests
{
    [Fact]
    public async Task Every_navigation_entry_opens_its_page_over_the_circuit()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();

        var page = await browser.OpenAsync(baseUrl + "/");
        foreach (var (title, path) in new[] { ("Conversations", "/conversations"), ("Import", "/import"), ("Jobs", "/jobs"), ("Settings", "/settings"), ("Dashboard", "/") })
        {
            await page.Locator($"#nav-{title.ToLowerInvariant()}").ClickAsync();
            await Assertions.Expect(page.Locator("h1#page-title")).ToHaveTextAsync(title);
            Assert.Equal(baseUrl + path, page.Url.TrimEnd('/') == baseUrl ? baseUrl + "/" : page.Url);
        }

        await Infrastructure.Browser.ScreenshotAsync(page, "navigation-dashboard");
    }
}
