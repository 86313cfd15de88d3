using Bunit;
using JiraQuality.Core.Jira.Sync;
using JiraQuality.Core.Jira.Webhooks;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using JiraQuality.Core.Jira;
using JiraQuality.Web.Features.Jira;

namespace JiraQuality.Tests.Jira;

public sealed class JiraSettingsSectionTests : MudTestContext
{
    // The context's own provider is already built by MudTestContext, so the Jira layer comes from a fallback provider.
    private void AddJira(TestDatabase db, IDictionary<string, string?> settings, RecordingJobQueue? queue = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddSingleton<IDbContextFactory<JiraQualityDbContext>>(db.Factory);
        services.AddJira();
        services.AddSingleton(new JiraQuality.Core.Scoring.Scorers.ScorerFactory(
            Microsoft.Extensions.Options.Options.Create(new JiraQuality.Core.Scoring.ScoringOptions()),
            Microsoft.Extensions.Options.Options.Create(new JiraQuality.Core.Scoring.Scorers.LlmOptions()),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
        services.AddSingleton<JiraQuality.Core.Scoring.Processing.ProcessingService>();
        services.AddSingleton<JiraQuality.Core.Scoring.Processing.ProcessingCostEstimator>();
        services.AddSingleton<JiraQuality.Core.Jobs.IJobQueue>(queue ?? new RecordingJobQueue());

        Services.AddFallbackServiceProvider(services.BuildServiceProvider());
    }

    [Fact]
    public async Task Unconfigured_Jira_is_explained_and_the_test_button_is_disabled()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        AddJira(db, new Dictionary<string, string?>());

        var section = Render<JiraSettingsSection>();

        section.WaitForAssertion(() => Assert.Contains("Not configured", section.Find("#jira-connection-state").TextContent), TimeSpan.FromSeconds(30));
        Assert.Contains("Never synced", section.Find("#jira-last-sync").TextContent);
        Assert.Contains("Webhooks:JiraSecret", section.Find("#jira-webhook-secret").TextContent);
        Assert.Contains("REFRESH_CRON_SECRET", section.Find("#jira-cron-secret").TextContent);
        Assert.EndsWith("/api/webhooks/jira", section.Find("#jira-webhook-url").TextContent);
        Assert.Equal("None waiting, none failed", section.Find("#jira-webhook-deliveries").TextContent.Trim());
        Assert.True(section.Find("#jira-test-connection").HasAttribute("disabled"));
        Assert.True(section.Find("#jira-refresh-now").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Configured_Jira_shows_the_last_sync_and_the_test_button_reports_the_account()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var jira = await FakeJiraServer.StartAsync();
        var settings = JiraTestHost.Settings(jira);
        settings["Webhooks:JiraSecret"] = "s";
        var queue = new RecordingJobQueue();
        AddJira(db, settings, queue);
        await using (var context = db.Factory.CreateDbContext())
        {
            context.SyncCheckpoints.Add(new SyncCheckpoint
            {
                Name = "jira:CC",
                UpdatedCursorUtc = new DateTime(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc),
                LastRunAtUtc = new DateTime(2026, 11, 26, 6, 0, 0, DateTimeKind.Utc),
                LastRunIssues = 12,
            });
            var received = new DateTime(2026, 11, 26, 6, 30, 0, DateTimeKind.Utc);
            context.WebhookDeliveries.AddRange(
                new WebhookDelivery { Identifier = "d-1", IssueKey = "CC-1", State = WebhookDeliveryStates.Pending, ReceivedAtUtc = received, NextAttemptAtUtc = received },
                new WebhookDelivery { Identifier = "d-2", IssueKey = "CC-2", State = WebhookDeliveryStates.Fetched, ReceivedAtUtc = received, NextAttemptAtUtc = received },
                new WebhookDelivery
                {
                    Identifier = "d-3",
                    IssueKey = "CC-3",
                    State = WebhookDeliveryStates.Failed,
                    Attempts = 8,
                    LastError = "Jira GET rest/api/3/issue/CC-3 failed with 503 <Service Unavailable>.",
                    ReceivedAtUtc = received,
                    NextAttemptAtUtc = received,
                });
            await context.SaveChangesAsync(Xunit.TestContext.Current.CancellationToken);
        }

        var section = Render<JiraSettingsSection>();

        section.WaitForAssertion(() => Assert.Contains("Configured", section.Find("#jira-connection-state").TextContent), TimeSpan.FromSeconds(30));
        Assert.Equal("2026-11-26 06:00 UTC, 12 issues", section.Find("#jira-last-sync").TextContent.Trim());
        Assert.Contains("2026-11-25 08:00 UTC", section.Find("#jira-checkpoint").TextContent);
        Assert.Equal("Set", section.Find("#jira-webhook-secret").TextContent.Trim());
        Assert.StartsWith("1 waiting to be fetched, 1 failed", section.Find("#jira-webhook-deliveries").TextContent.Trim());
        Assert.Equal("Last error: Jira GET rest/api/3/issue/CC-3 failed with 503 <Service Unavailable>.", section.Find("#jira-webhook-last-error").TextContent.Trim());
        Assert.Contains("503 &lt;Service Unavailable&gt;", section.Find("#jira-webhook-last-error").InnerHtml);
        Assert.DoesNotContain(FakeJiraServer.ApiToken, section.Markup);

        await section.Find("#jira-test-connection").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        section.WaitForAssertion(() => Assert.Contains("Connected as Sync Bot", section.Find("#jira-test-result").TextContent), TimeSpan.FromSeconds(30));

        Assert.False(section.Find("#jira-refresh-now").HasAttribute("disabled"), section.Find("#jira-refresh-now").OuterHtml);
        // The refresh spends Jira quota and, with an LLM, money: it asks first, and a cancel starts nothing.
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var asked = await JiraQuality.Tests.Scoring.SpendDialog.AnswerAsync(dialogs, section.Find("#jira-refresh-now").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs()), confirm: false);
        Assert.Contains("No cost: heuristic scorer", asked);
        Assert.Empty(queue.Requests);
        await JiraQuality.Tests.Scoring.SpendDialog.AnswerAsync(dialogs, section.Find("#jira-refresh-now").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs()), confirm: true);

        section.WaitForAssertion(() => Assert.Contains("Refresh job queued", section.Find("#jira-refresh-result").TextContent), TimeSpan.FromSeconds(30));
        var request = Assert.Single(queue.Requests);
        Assert.Equal((JiraQuality.Core.Jobs.JobKinds.Refresh, JiraQuality.Core.Jobs.JobRequesters.Page), (request.Kind, request.RequestedBy));
    }
}
