using JiraQuality.Core.Conversations;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Identity;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Reporting;

/// <summary>The drill-down shows what JSM recorded (SLA cycles, CSAT) beside our timings; the dark theme survives a reload.</summary>
public sealed class ServiceDeskAndThemeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_drill_down_shows_jsm_sla_and_csat_and_redacts_the_csat_comment_for_a_viewer()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        await using (var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext())
        {
            var prepared = PersonalDataFixtures.PreparedRow("JSM-1");
            prepared.CustomFieldsJson = ConversationJson.SerializeCustomFields(new Dictionary<string, string>
            {
                ["jsm_sla_time_to_first_response_breached"] = "true",
                ["jsm_sla_time_to_first_response_elapsed_minutes"] = "95",
                ["jsm_sla_time_to_first_response_cycles"] = "1",
                ["jsm_sla_time_to_resolution_breached"] = "false",
                ["jsm_sla_time_to_resolution_elapsed_minutes"] = "240",
                ["jsm_sla_time_to_resolution_cycles"] = "2",
                ["jsm_csat_rating"] = "2",
                ["jsm_csat_comment"] = $"Slow. Write to {PersonalDataFixtures.Email}",
            });
            db.PreparedConversations.Add(prepared);
            db.ProcessedConversations.Add(Row("JSM-1", Now.AddHours(-1)));
            await db.SaveChangesAsync(Ct);
        }

        var page = await browser.OpenAsync(baseUrl + "/conversations/JSM-1", role: Roles.Viewer);
        var jsm = page.Locator("#detail-jsm");
        await Assertions.Expect(jsm).ToContainTextAsync("SLA: Time to first response");
        await Assertions.Expect(jsm.Locator(".jq-jsm-sla[data-breached=true]")).ToHaveCountAsync(1);
        await Assertions.Expect(jsm).ToContainTextAsync("over 2 cycles");
        await Assertions.Expect(page.Locator("#detail-csat")).ToHaveTextAsync("2 / 5");
        await Assertions.Expect(page.Locator("#detail-csat-comment")).ToContainTextAsync("Slow.");
        PersonalDataFixtures.AssertNoPersonalData(await page.ContentAsync());
    }

    [Fact]
    public async Task The_dark_theme_survives_a_reload()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();

        var page = await browser.OpenAsync(baseUrl + "/conversations");
        var toggle = page.Locator("#theme-toggle");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-label", "Switch to dark theme");
        var light = await BackgroundAsync(page);
        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-label", "Switch to light theme");

        await page.ReloadAsync();
        await Infrastructure.Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("#theme-toggle")).ToHaveAttributeAsync("aria-label", "Switch to light theme");
        Assert.NotEqual(light, await BackgroundAsync(page));

        await page.Locator("#theme-toggle").ClickAsync();
        await page.ReloadAsync();
        await Infrastructure.Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("#theme-toggle")).ToHaveAttributeAsync("aria-label", "Switch to dark theme");
    }

    private static Task<string> BackgroundAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background').trim()");
}
