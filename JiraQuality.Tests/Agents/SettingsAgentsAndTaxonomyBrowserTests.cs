using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace JiraQuality.Tests.Agents;

public sealed class SettingsAgentsAndTaxonomyBrowserTests
{
    [Fact]
    public async Task An_agents_tier_edited_on_the_settings_page_and_an_uploaded_taxonomy_are_kept_after_a_reload()
    {
        var token = TestContext.Current.CancellationToken;
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        var directory = factory.Services.GetRequiredService<AgentDirectoryService>();
        await directory.ReplaceAllAsync(
            [
                new AgentDirectoryEntry { AccountId = "712020:ana", DisplayName = "Ana Silva", Tier = "Tier 1" },
                new AgentDirectoryEntry { AccountId = "712020:bruno", DisplayName = "Bruno Costa", Tier = "Tier 1" },
            ],
            token);

        var page = await browser.OpenAsync(baseUrl + "/settings");
        await Assertions.Expect(page.Locator("h1#page-title")).ToHaveTextAsync("Settings");
        await Assertions.Expect(page.Locator("#agent-table tbody tr")).ToHaveCountAsync(2);

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Edit Bruno Costa" }).ClickAsync();
        await Assertions.Expect(page.Locator("#agent-form-heading")).ToHaveTextAsync("Edit 712020:bruno");
        await Assertions.Expect(page.Locator("#agent-account-id")).ToBeFocusedAsync();
        await page.GetByRole(AriaRole.Combobox, new PageGetByRoleOptions { Name = "Tier" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = "Tier 2", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Combobox, new PageGetByRoleOptions { Name = "Tier" })).ToHaveTextAsync("Tier 2");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.Locator("#agent-directory-status")).ToContainTextAsync("Saved Bruno Costa (Tier 2)");

        var json = """{"reasons":[{"label":"Bike repair","hints":["flat tyre","chain"]},{"label":"Refund"}]}""";
        await page.Locator("#taxonomy-settings input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "bikes.json",
            MimeType = "application/json",
            Buffer = System.Text.Encoding.UTF8.GetBytes(json),
        });
        await Assertions.Expect(page.Locator("#taxonomy-source")).ToContainTextAsync("Uploaded on this page");

        await page.ReloadAsync();
        await Infrastructure.Browser.WaitForCircuitAsync(page);
        var bruno = page.Locator("#agent-table tbody tr", new PageLocatorOptions { HasText = "Bruno Costa" });
        await Assertions.Expect(bruno.Locator(".agent-tier")).ToHaveTextAsync("Tier 2");
        await Assertions.Expect(page.Locator("#taxonomy-source")).ToContainTextAsync("Uploaded on this page");
        await Assertions.Expect(page.Locator("#taxonomy-table .taxonomy-label")).ToHaveTextAsync(["Bike repair", "Refund", "Other"]);
        await Infrastructure.Browser.ScreenshotAsync(page, "settings-agents-taxonomy");
        await page.Locator("#theme-toggle").ClickAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "settings-agents-taxonomy-dark");

        var stored = (await directory.GetAllAsync(token)).ToDictionary(e => e.AccountId, e => e.Tier);
        Assert.Equal("Tier 2", stored["712020:bruno"]);
        Assert.Equal("Tier 1", stored["712020:ana"]);
        Assert.Equal(["Bike repair", "Refund", "Other"], factory.Services.GetRequiredService<ScorerFactory>().LoadTaxonomy().Labels);
        using var http = factory.CreateClient();
        var csv = await http.GetStringAsync(baseUrl + "/api/settings/agent-directory.csv", token);
        Assert.Contains("712020:bruno,Bruno Costa,Tier 2", csv);

        // At phone width the directory becomes cards and nothing scrolls sideways.
        var phone = await browser.OpenAsync(baseUrl + "/settings", width: 390, height: 844);
        await Assertions.Expect(phone.Locator("#agent-table")).ToContainTextAsync("Bruno Costa");
        var overflow = await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        await Infrastructure.Browser.ScreenshotAsync(phone, "settings-agents-taxonomy-phone");
        var widest = overflow
            ? await phone.EvaluateAsync<string>(OverflowingElementsScript)
            : "";
        Assert.False(overflow, "The settings page scrolls sideways at phone width: " + widest);
    }

    /// <summary>For the failure message: the chain of elements down to the one whose removal stops the sideways scroll.</summary>
    internal const string OverflowingElementsScript = """
        () => {
            const wide = () => document.documentElement.scrollWidth > window.innerWidth + 1;
            const found = [];
            const walk = (parent) => {
                for (const child of parent.children) {
                    const display = child.style.display;
                    child.style.display = 'none';
                    const fixedWithout = !wide();
                    child.style.display = display;
                    if (fixedWithout) {
                        found.push(child.tagName + '#' + child.id + '.' + String(child.className).slice(0, 40));
                        walk(child);
                        return;
                    }
                }
            };
            walk(document.body);
            return found.join(' > ') + ' (scrollWidth ' + document.documentElement.scrollWidth + ')';
        }
        """;
}
