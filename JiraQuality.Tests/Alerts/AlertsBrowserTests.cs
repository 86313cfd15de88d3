using System.Net;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Scoring;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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
        var status = page.GetByRole(AriaRole.Region, new PageGetByRoleOptions { Name = "Alerts" }).Locator("#alert-test-result[role=status]");
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

    [Fact]
    public async Task An_admin_adds_a_webhook_channel_and_an_abuse_rule_and_processing_delivers_a_signed_alert_to_it()
    {
        const string Secret = "browser-typed-secret-42";
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var receiver = await AlertReceiver.StartAsync();
        await using var factory = await AlertsAfterProcessingJobTests.AppAsync(DatabaseProvider.Sqlite, AlertTestHost.FastSettings());
        var baseUrl = factory.StartKestrel();
        var ct = TestContext.Current.CancellationToken;

        var page = await browser.OpenAsync(baseUrl + "/settings");
        var alerts = page.GetByRole(AriaRole.Region, new PageGetByRoleOptions { Name = "Alerts" });
        await Assertions.Expect(alerts.Locator("#alerts-settings-empty")).ToContainTextAsync("No alert channels are configured");

        // The channel, typed from the keyboard; a bad address is refused at its field first.
        await alerts.GetByRole(AriaRole.Textbox, new LocatorGetByRoleOptions { Name = "Channel name" }).FillAsync("security");
        await alerts.GetByRole(AriaRole.Textbox, new LocatorGetByRoleOptions { Name = "Webhook URL" }).FillAsync("hooks.example.test/no-scheme");
        await alerts.GetByLabel("Signing secret").FillAsync(Secret);
        await alerts.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Add channel" }).ClickAsync();
        await Assertions.Expect(alerts.Locator("#alert-channel-form")).ToContainTextAsync("URL must be an absolute http:// or https:// address");
        await alerts.GetByRole(AriaRole.Textbox, new LocatorGetByRoleOptions { Name = "Webhook URL" }).FillAsync(receiver.Url("/hooks/abuse-path"));
        await alerts.GetByLabel("Signing secret").FillAsync(Secret);
        await alerts.GetByLabel("Signing secret").PressAsync("Enter");
        await Assertions.Expect(alerts.Locator("#alert-settings-status")).ToContainTextAsync("Added channel 'security'.");
        await Assertions.Expect(alerts.Locator("#alert-channels tbody tr", new LocatorLocatorOptions { HasText = "security" }).Locator(".alert-source")).ToHaveTextAsync("saved here");

        // The rule: customer-abuse is the default kind; the channel is chosen from the list.
        await alerts.GetByRole(AriaRole.Combobox, new LocatorGetByRoleOptions { Name = "Channel", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = "security", Exact = true }).ClickAsync();
        await Assertions.Expect(alerts.GetByRole(AriaRole.Combobox, new LocatorGetByRoleOptions { Name = "Channel", Exact = true })).ToHaveTextAsync("security");
        await alerts.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Add rule" }).ClickAsync();
        await Assertions.Expect(alerts.Locator("#alert-settings-status")).ToContainTextAsync("Added rule 'customer-abuse:security'.");
        await Assertions.Expect(alerts.Locator("#alert-rules tbody tr")).ToContainTextAsync("customer-abuse:security");
        Assert.DoesNotContain(Secret, await page.ContentAsync());
        Assert.DoesNotContain("abuse-path", await page.ContentAsync());
        await Infrastructure.Browser.ScreenshotAsync(page, "alerts-settings-edited");

        // After a reload the page reads them from the database, and the address and secret stay hidden.
        await page.ReloadAsync();
        await Infrastructure.Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("#alert-rules tbody tr")).ToContainTextAsync("customer-abuse:security");
        Assert.DoesNotContain(Secret, await page.ContentAsync());

        // A processing job stores an abusive conversation: the stored rule alerts, signed with the typed secret.
        var contexts = factory.Services.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            db.Add(ScoringTestSupport.Prepared(AlertTestHost.Abusive("UI-1")));
            await db.SaveChangesAsync(ct);
        }

        var queue = factory.Services.GetRequiredService<IJobQueue>();
        await queue.EnqueueAsync(new JobRequest(JobKinds.Processing, JobRequesters.Page, new Dictionary<string, string> { [ProcessingParameters.NoLlm] = "true" }), ct);
        await AlertTestHost.WaitForAsync(() => Task.FromResult(receiver.Requests.Count), c => c >= 1, "the alert to arrive");
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("/hooks/abuse-path", request.Path);
        Assert.Contains("\"rule\":\"customer-abuse\"", request.Text);
        Assert.Contains("\"issueKey\":\"UI-1\"", request.Text);
        Assert.Equal(Core.Alerts.WebhookAlertSender.Sign(request.Body, Secret), request.Headers[Core.Alerts.WebhookAlertSender.SignatureHeader]);

        // The settings page, and with it the forms, is for admins only.
        var noRedirects = new WebApplicationFactoryClientOptions { AllowAutoRedirect = false };
        foreach (var role in new[] { Roles.Viewer, Roles.Analyst })
        {
            using var client = await factory.CreateClientForAsync(role, noRedirects);
            var response = await client.GetAsync("/settings", ct);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Found, $"{role} got {response.StatusCode} for /settings.");
            if (response.Headers.Location is { } location)
            {
                Assert.StartsWith("/account/access-denied", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("alert-channel-form", await response.Content.ReadAsStringAsync(ct));
        }
    }
}
