using JiraQuality.Core.Identity;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace JiraQuality.Tests.Identity;

/// <summary>Chromium: an admin narrows the audit log by actor from the keyboard and meets the empty state.</summary>
public sealed class AuditPageBrowserTests
{
    [Fact]
    public async Task The_actor_filter_narrows_the_entries_and_an_empty_result_says_so()
    {
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        var audit = factory.Services.GetRequiredService<AuditLog>();
        await audit.RecordAsync("zed@example.net", AuditActions.SettingsChanged, "taxonomy", "Uploaded shop.json with 2 labels.", cancellationToken: TestContext.Current.CancellationToken);
        await audit.RecordAsync("yan@example.net", AuditActions.Export, "conversations.csv", cancellationToken: TestContext.Current.CancellationToken);
        await using var browser = await Infrastructure.Browser.LaunchAsync();

        var page = await browser.OpenAsync(baseUrl + "/audit");
        await Assertions.Expect(page.Locator("#audit-table")).ToContainTextAsync("yan@example.net");

        var actor = page.GetByLabel("Filter by actor (contains)");
        await actor.FillAsync("ZED");
        await actor.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#audit-table .jq-audit-actor")).ToHaveTextAsync(["zed@example.net"]);

        await actor.FillAsync("nobody");
        await actor.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#audit-empty")).ToHaveTextAsync("No audit entries match.");
        await Infrastructure.Browser.ScreenshotAsync(page, "audit-empty");
    }
}
