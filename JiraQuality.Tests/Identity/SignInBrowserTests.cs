using JiraQuality.Core.Identity;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Playwright;

namespace JiraQuality.Tests.Identity;

/// <summary>Chromium: a page sends the visitor to sign in, the form brings them back signed in, sign-out ends it.</summary>
public sealed class SignInBrowserTests
{
    [Fact]
    public async Task A_visitor_signs_in_opens_a_page_over_the_circuit_and_signs_out()
    {
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        await factory.EnsureUserAsync(Roles.Analyst);
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        var page = await browser.NewAnonymousPageAsync();

        await page.GotoAsync(baseUrl + "/jobs");
        Assert.Equal("/account/sign-in", new Uri(page.Url).AbsolutePath);
        Assert.Equal(0, await page.Locator("#circuit-ready").CountAsync());

        await factory.SignInPageAsync(page, baseUrl, Roles.Analyst, "/jobs");
        Assert.Equal("/jobs", new Uri(page.Url).AbsolutePath);
        await Infrastructure.Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("#signed-in-user")).ToContainTextAsync("analyst@example.test (analyst)");
        // An analyst's navigation has Import but not Settings.
        await Assertions.Expect(page.Locator("#nav-import")).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("#nav-settings").CountAsync());

        await page.Locator("#sign-out").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/sign-in", StringComparison.Ordinal));
        await page.GotoAsync(baseUrl + "/conversations");
        Assert.Equal("/account/sign-in", new Uri(page.Url).AbsolutePath);
    }
}
