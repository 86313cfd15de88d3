using Bunit;
using JiraQuality.Core.Alerts;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Web.Features.Alerts;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Alerts;

/// <summary>The alert history page and the Settings section: states in words, empty states, secrets never shown, send test.</summary>
public sealed class AlertPagesTests : MudTestContext
{
    private readonly System.Runtime.CompilerServices.StrongBox<Microsoft.Extensions.Hosting.IHost?> _host;

    public AlertPagesTests()
        : this(new System.Runtime.CompilerServices.StrongBox<Microsoft.Extensions.Hosting.IHost?>())
    {
    }

    // The page's user and its audit are scoped to the render; the rest comes from the alerts host set by UseAlerts.
    private AlertPagesTests(System.Runtime.CompilerServices.StrongBox<Microsoft.Extensions.Hosting.IHost?> host)
        : base(services => services
            .AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, SignedInAdmin>()
            .AddPageServices(() => host.Value!.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<JiraQuality.Core.Storage.JiraQualityDbContext>>()))
    {
        _host = host;
    }

    private void UseAlerts(Microsoft.Extensions.Hosting.IHost host)
    {
        _host.Value = host;
        Services.AddFallbackServiceProvider(host.Services);
    }

    [Fact]
    public async Task The_history_says_why_it_is_empty()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = AlertTestHost.Build(db, AlertTestHost.FastSettings());
        UseAlerts(host);

        var page = Render<AlertHistoryPage>();

        page.WaitForAssertion(() => Assert.Contains("no alert rules are configured", page.Find("#alerts-empty").TextContent));
    }

    [Fact]
    public async Task The_history_lists_each_delivery_with_its_state_in_words_and_its_last_error()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var receiver = await AlertReceiver.StartAsync();
        receiver.AnswerNext(503);
        var settings = AlertTestHost.WebhookChannel(receiver.Url(), "k", "ops", ("customer-abuse", "immediate"), ("agent-profanity", "digest"));
        settings["Alerts:RetryBaseDelay"] = "00:10:00";
        // The fast settings cap the back-off at 0.2 s, which a loaded machine can pass within the same outbox pass.
        settings["Alerts:RetryMaxDelay"] = "01:00:00";
        using var host = AlertTestHost.Build(db, settings);
        var ct = Xunit.TestContext.Current.CancellationToken;
        var profane = new Scoring.ConversationBuilder("CX-<b>2</b>").Customer(0, "hi").Agent(2, "what the hell").Build();
        await AlertTestHost.ProcessAsync(db, AlertTestHost.Abusive("CX-1"), profane);
        await host.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(ct);
        await host.Services.GetRequiredService<AlertOutbox>().DeliverDueAsync(ct);
        UseAlerts(host);

        var page = Render<AlertHistoryPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("#alerts-table tbody tr").Count));
        var rows = page.FindAll("#alerts-table tbody tr");
        var abuse = rows.Single(r => r.TextContent.Contains("customer-abuse"));
        Assert.Contains("retrying (attempt 1 failed)", abuse.QuerySelector(".alert-state")!.TextContent);
        Assert.Contains("Channel 'ops' answered HTTP 503", abuse.TextContent);
        Assert.Equal("/conversations/CX-1", abuse.QuerySelector("a.alert-ticket")!.GetAttribute("href"));
        var digest = rows.Single(r => r.TextContent.Contains("agent-profanity"));
        Assert.Contains("waiting for the digest", digest.TextContent);
        Assert.Contains("CX-&lt;b&gt;2&lt;/b&gt;", page.Markup);
        Assert.DoesNotContain("CX-<b>2</b>", page.Markup);
    }

    [Fact]
    public async Task The_settings_section_lists_channels_without_secrets_and_sends_a_test()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var receiver = await AlertReceiver.StartAsync();
        var settings = AlertTestHost.WebhookChannel(receiver.Url("/hooks/very-secret-token"), "hmac-secret-value", "ops", ("low-score", "digest"));
        settings["Alerts:Rules:0:Threshold"] = "1.5";
        settings["Alerts:Rules:0:Hub"] = "Berlin";
        using var host = AlertTestHost.Build(db, settings);
        UseAlerts(host);

        var section = Render<AlertsSettingsSection>();

        var channel = section.WaitForElement("#alert-channels tbody tr");
        Assert.Contains("ops", channel.TextContent);
        Assert.Contains(receiver.BaseUrl.Replace("http://", "", StringComparison.Ordinal), channel.TextContent);
        Assert.DoesNotContain("very-secret-token", section.Markup);
        Assert.DoesNotContain("hmac-secret-value", section.Markup);
        var rule = section.Find("#alert-rules tbody tr");
        Assert.Contains("low-score:ops", rule.TextContent);
        Assert.Contains("digest", rule.TextContent);
        Assert.Contains("1.5", rule.TextContent);
        Assert.Contains("hub Berlin", rule.TextContent);
        Assert.Equal("from settings", rule.QuerySelector(".alert-source")!.TextContent);
        Assert.Equal("from settings", channel.QuerySelector(".alert-source")!.TextContent);
        Assert.Empty(section.FindAll(".alert-channel-edit, .alert-channel-delete, .alert-rule-edit, .alert-rule-delete"));
        Assert.Equal("Send a test alert to ops", section.Find("button.alert-send-test").GetAttribute("aria-label"));

        await section.Find("button.alert-send-test").ClickAsync(new());
        section.WaitForAssertion(() => Assert.Contains("Test alert sent to 'ops'.", section.Find("#alert-test-result").TextContent));
        Assert.Single(receiver.Requests);

        receiver.AnswerNext(403);
        await section.Find("button.alert-send-test").ClickAsync(new());
        section.WaitForAssertion(() => Assert.Contains("answered HTTP 403", section.Find("#alert-test-result").TextContent));
    }

    [Fact]
    public async Task Invalid_settings_are_listed_by_their_keys()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var settings = AlertTestHost.FastSettings();
        settings["Alerts:Channels:0:Name"] = "ops";
        settings["Alerts:Channels:0:Kind"] = "pager";
        settings["Alerts:Rules:0:Kind"] = "customer-abuse";
        settings["Alerts:Rules:0:Channel"] = "missing";
        settings["Alerts:Digest:TimeZone"] = "Mars/Olympus";
        settings["Alerts:Smtp:From"] = "not an address";
        using var host = AlertTestHost.Build(db, settings);
        UseAlerts(host);

        var section = Render<AlertsSettingsSection>();

        var text = section.WaitForElement("#alerts-settings-invalid").TextContent;
        Assert.Contains("Alerts:Channels:0:Kind must be one of email, slack, teams, webhook, got 'pager'.", text);
        Assert.Contains("Alerts:Rules:0:Channel 'missing' is not the name of a channel in Alerts:Channels.", text);
        Assert.Contains("Alerts:Digest:TimeZone is not a known time zone: 'Mars/Olympus'.", text);
        Assert.Contains("Alerts:Smtp:From is not a valid e-mail address: 'not an address'.", text);
    }

    [Fact]
    public async Task Without_channels_the_section_says_alerts_are_off()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        using var host = AlertTestHost.Build(db, AlertTestHost.FastSettings());
        UseAlerts(host);

        var section = Render<AlertsSettingsSection>();

        Assert.Contains("No alert channels are configured", section.WaitForElement("#alerts-settings-empty").TextContent);
        // A channel can be added here; a rule needs a channel first.
        Assert.Equal("Add a channel", section.Find("#alert-channel-form-heading").TextContent);
        Assert.Empty(section.FindAll("#alert-rule-form"));
    }

    private sealed class SignedInAdmin : Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider
    {
        public override Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState> GetAuthenticationStateAsync() =>
            Task.FromResult(new Microsoft.AspNetCore.Components.Authorization.AuthenticationState(new System.Security.Claims.ClaimsPrincipal(
                new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Name, "admin@example.net")], "test"))));
    }
}
