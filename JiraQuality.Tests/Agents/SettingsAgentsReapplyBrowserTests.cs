using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Ingestion;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace JiraQuality.Tests.Agents;

public sealed class SettingsAgentsReapplyBrowserTests
{
    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 90_000 };

    [Fact]
    public async Task Editing_a_tier_applies_it_to_stored_conversations_and_the_page_reports_the_outcome()
    {
        var token = TestContext.Current.CancellationToken;
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory(new Dictionary<string, string?> { ["Scoring:Scorer"] = "heuristic" });
        var baseUrl = factory.StartKestrel();
        var directory = factory.Services.GetRequiredService<AgentDirectoryService>();
        await directory.ReplaceAllAsync(
            [
                new AgentDirectoryEntry { AccountId = "712020:ana", DisplayName = "Ana Silva", Tier = "Tier 1" },
                new AgentDirectoryEntry { AccountId = "712020:bruno", DisplayName = "Bruno Costa", Tier = "Tier 1" },
            ],
            token);
        await factory.Services.GetRequiredService<ITicketIngestor>().IngestAsync(
            [
                DockTickets.Ticket("CC-1", ("qm:rider-1", 0), ("712020:ana", 3), ("712020:bruno", 20)),
                DockTickets.Ticket("CC-2", ("qm:rider-2", 0), ("712020:ana", 5)),
            ],
            token);
        await factory.Services.GetRequiredService<ProcessingService>().RunAsync(new ProcessingRequest(), NullJobProgress.Instance, token);

        var page = await browser.OpenAsync(baseUrl + "/settings");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Edit Bruno Costa" }).ClickAsync();
        // Editing moves the focus into the form once it has rendered; a list opened before that would close again.
        await Assertions.Expect(page.Locator("#agent-form-heading")).ToHaveTextAsync("Edit 712020:bruno");
        await Assertions.Expect(page.Locator("#agent-account-id")).ToBeFocusedAsync();
        await page.GetByRole(AriaRole.Combobox, new PageGetByRoleOptions { Name = "Tier" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = "Tier 2", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Combobox, new PageGetByRoleOptions { Name = "Tier" })).ToHaveTextAsync("Tier 2");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Save changes" }).ClickAsync();

        await Assertions.Expect(page.Locator("#agent-reapply-result")).ToContainTextAsync("Their figures and scores are up to date.", Slow);
        await Assertions.Expect(page.Locator("#agent-reapply-result")).ToContainTextAsync("to 2 stored conversations: 1 changed (roles, tiers or agent names)");
        await Assertions.Expect(page.Locator("#agent-reapply [data-step='1'] .job-kind")).ToHaveTextAsync(JobKinds.ReapplyRoles);
        await Assertions.Expect(page.Locator("#agent-reapply [data-step='2'] .job-kind")).ToHaveTextAsync(JobKinds.Processing);
        var href = await page.Locator("#agent-reapply-link").GetAttributeAsync("href");
        Assert.StartsWith("/jobs/", href);
        await Infrastructure.Browser.ScreenshotAsync(page, "settings-agents-reapply");
        await page.Locator("#theme-toggle").ClickAsync();
        await Infrastructure.Browser.ScreenshotAsync(page, "settings-agents-reapply-dark");

        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>().CreateDbContextAsync(token))
        {
            var escalated = await db.ProcessedConversations.AsNoTracking().SingleAsync(p => p.IssueKey == "CC-1", token);
            Assert.True(escalated.EscalatedTier1ToTier2);
        }

        // Coming back later (here: on a phone) shows the finished job, and nothing scrolls sideways.
        var phone = await browser.OpenAsync(baseUrl + href, width: 390, height: 844);
        await Assertions.Expect(phone.Locator("body")).ToContainTextAsync("1 changed (roles, tiers or agent names)", Slow);
        var settings = await browser.OpenAsync(baseUrl + "/settings", width: 390, height: 844);
        await Assertions.Expect(settings.Locator("#agent-reapply-note")).ToBeVisibleAsync();
        var overflow = await settings.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        await Infrastructure.Browser.ScreenshotAsync(settings, "settings-agents-reapply-phone");
        Assert.False(overflow, "The settings page scrolls sideways at phone width.");
    }
}
