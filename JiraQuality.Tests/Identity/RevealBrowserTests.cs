using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace JiraQuality.Tests.Identity;

public sealed class RevealBrowserTests
{
    [Fact]
    public async Task An_analyst_reveals_a_tickets_original_text_in_the_browser_and_a_viewer_cannot()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        var contexts = factory.Services.GetRequiredService<JiraQualityContextFactory>();
        await PersonalDataFixtures.SeedAsync(contexts, "PII-B");

        var viewer = await browser.OpenAsync(baseUrl + "/conversations/PII-B", role: Roles.Viewer);
        await Infrastructure.Browser.WaitForCircuitAsync(viewer);
        await Assertions.Expect(viewer.Locator("#message-1")).ToContainTextAsync("my card [card] was charged twice");
        await Assertions.Expect(viewer.Locator("#redacted-note")).ToBeVisibleAsync();
        Assert.Equal(0, await viewer.Locator("#show-original").CountAsync());
        PersonalDataFixtures.AssertNoPersonalData(await viewer.ContentAsync());

        var analyst = await browser.OpenAsync(baseUrl + "/conversations/PII-B", role: Roles.Analyst);
        await Infrastructure.Browser.WaitForCircuitAsync(analyst);
        await Assertions.Expect(analyst.Locator("#message-1")).ToContainTextAsync("my card [card] was charged twice");
        await analyst.Locator("#show-original").ClickAsync();
        await Assertions.Expect(analyst.Locator("#message-1")).ToContainTextAsync($"my card {PersonalDataFixtures.Card}");

        var reveal = Assert.Single(await PersonalDataFixtures.AuditEntriesAsync(contexts), e => e.Action == AuditActions.RevealPersonalData);
        Assert.Equal((JiraQualityAppFactory.EmailFor(Roles.Analyst), "PII-B"), (reveal.Actor, reveal.Target));
        await Infrastructure.Browser.ScreenshotAsync(analyst, "reveal-original");
    }
}
