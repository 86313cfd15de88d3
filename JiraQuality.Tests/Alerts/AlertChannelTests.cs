using System.Text.Json;
using JiraQuality.Core.Alerts;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Alerts;

/// <summary>Slack, Teams and e-mail channels against loopback receivers and an in-process SMTP server, and "send test".</summary>
public sealed class AlertChannelTests
{
    private static Dictionary<string, string?> Channel(string name, string kind, string? url = null, string? to = null)
    {
        var settings = AlertTestHost.FastSettings();
        settings["Alerts:Channels:0:Name"] = name;
        settings["Alerts:Channels:0:Kind"] = kind;
        settings["Alerts:Channels:0:Url"] = url;
        settings["Alerts:Channels:0:To"] = to;
        settings["Alerts:Rules:0:Kind"] = "customer-abuse";
        settings["Alerts:Rules:0:Channel"] = name;
        settings["Alerts:PublicUrl"] = "https://quality.example.com";
        return settings;
    }

    [Fact]
    public async Task Slack_gets_a_block_kit_message_with_link_scores_and_redacted_excerpt()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var receiver = await AlertReceiver.StartAsync();
        using var host = AlertTestHost.Build(db, Channel("support-leads", "slack", receiver.Url("/services/T1/B2/xyz")));
        var ct = TestContext.Current.CancellationToken;
        await AlertTestHost.ProcessAsync(db, AlertTestHost.Abusive("CX-<1>"));
        await host.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(ct);

        Assert.Equal(1, (await host.Services.GetRequiredService<AlertOutbox>().DeliverDueAsync(ct)).Sent);

        var request = Assert.Single(receiver.Requests);
        Assert.Equal("/services/T1/B2/xyz", request.Path);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Contains("customer-abuse", body.RootElement.GetProperty("text").GetString());
        var blocks = body.RootElement.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal("header", blocks[0].GetProperty("type").GetString());
        var section = blocks.Single(b => b.GetProperty("type").GetString() == "section");
        var text = section.GetProperty("text").GetProperty("text").GetString()!;
        Assert.Contains("<https://quality.example.com/conversations/CX-%3C1%3E|CX-&lt;1&gt;>", text);
        var fields = section.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()!).ToList();
        Assert.Contains(fields, f => f.StartsWith("*Conversation score*\n", StringComparison.Ordinal));
        Assert.Contains(fields, f => f == "*Hub*\nBerlin");
        Assert.Contains("useless and stupid", request.Text);
        Assert.Contains("[phone]", request.Text);
        Assert.DoesNotContain(AlertTestHost.PhoneNumber, request.Text);
    }

    [Fact]
    public async Task Teams_gets_an_adaptive_card()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var receiver = await AlertReceiver.StartAsync();
        using var host = AlertTestHost.Build(db, Channel("teams-support", "teams", receiver.Url("/webhookb2/abc")));
        var ct = TestContext.Current.CancellationToken;
        await AlertTestHost.ProcessAsync(db, AlertTestHost.Abusive("CX-9"));
        await host.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(ct);

        Assert.Equal(1, (await host.Services.GetRequiredService<AlertOutbox>().DeliverDueAsync(ct)).Sent);

        using var body = JsonDocument.Parse(Assert.Single(receiver.Requests).Body);
        Assert.Equal("message", body.RootElement.GetProperty("type").GetString());
        var attachment = body.RootElement.GetProperty("attachments")[0];
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal(("AdaptiveCard", "1.4"), (card.GetProperty("type").GetString(), card.GetProperty("version").GetString()));
        Assert.Contains(card.GetProperty("body").EnumerateArray(), b => b.GetProperty("type").GetString() == "FactSet");
        Assert.Equal("https://quality.example.com/conversations/CX-9", card.GetProperty("actions")[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task Email_goes_out_over_smtp_with_the_alert_in_text_and_encoded_html()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var smtp = SmtpSink.Start();
        var settings = Channel("leads-mail", "email", to: "lead@example.com; oncall@example.org");
        settings["Alerts:Smtp:Host"] = "127.0.0.1";
        settings["Alerts:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Alerts:Smtp:Security"] = "none";
        settings["Alerts:Smtp:From"] = "JiraQuality <alerts@example.com>";
        using var host = AlertTestHost.Build(db, settings);
        var ct = TestContext.Current.CancellationToken;
        await AlertTestHost.ProcessAsync(db, AlertTestHost.Abusive("CX-M"));
        await host.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(ct);

        Assert.Equal(new AlertDeliveryPass(1, 0, 0), await host.Services.GetRequiredService<AlertOutbox>().DeliverDueAsync(ct));

        var message = Assert.Single(smtp.Messages);
        Assert.Equal(["lead@example.com", "oncall@example.org"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("alerts@example.com", message.From.Mailboxes.Single().Address);
        Assert.Equal("JiraQuality alert: customer-abuse on CX-M", message.Subject);
        Assert.Contains("useless and stupid", message.TextBody);
        Assert.Contains("https://quality.example.com/conversations/CX-M", message.HtmlBody);
        Assert.DoesNotContain(AlertTestHost.PhoneNumber, message.TextBody);
    }

    [Fact]
    public async Task An_unreachable_smtp_server_is_retried_and_the_error_never_holds_the_password()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var settings = Channel("leads-mail", "email", to: "lead@example.com");
        settings["Alerts:Smtp:Host"] = "127.0.0.1";
        settings["Alerts:Smtp:Port"] = "9";
        settings["Alerts:Smtp:Security"] = "none";
        settings["Alerts:Smtp:User"] = "alerts";
        settings["Alerts:Smtp:Password"] = "pa55-w0rd-xyz";
        using var host = AlertTestHost.Build(db, settings);
        var ct = TestContext.Current.CancellationToken;
        await AlertTestHost.ProcessAsync(db, AlertTestHost.Abusive("CX-N"));
        await host.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(ct);

        Assert.Equal(new AlertDeliveryPass(0, 1, 0), await host.Services.GetRequiredService<AlertOutbox>().DeliverDueAsync(ct));
        var row = Assert.Single(await AlertTestHost.DeliveriesAsync(db));
        Assert.Contains("127.0.0.1:9", row.LastError);
        Assert.DoesNotContain("pa55-w0rd-xyz", row.LastError);
    }

    [Fact]
    public async Task A_digest_goes_to_the_webhook_as_one_signed_body_with_every_alert()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var receiver = await AlertReceiver.StartAsync();
        var settings = AlertTestHost.WebhookChannel(receiver.Url(), "digest-secret", "ops", ("customer-abuse", "digest"));
        using var host = AlertTestHost.Build(db, settings);
        var ct = TestContext.Current.CancellationToken;
        await AlertTestHost.ProcessAsync(db, AlertTestHost.Abusive("DG-1"), AlertTestHost.Abusive("DG-2"));
        await host.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(ct);
        var outbox = host.Services.GetRequiredService<AlertOutbox>();

        // Waiting for the digest: nothing goes out on its own.
        Assert.Equal(new AlertDeliveryPass(0, 0, 0), await outbox.DeliverDueAsync(ct));
        var period = new DateTime(2026, 12, 7, 8, 0, 0, DateTimeKind.Utc);
        await host.Services.GetRequiredService<AlertDigestService>().RunPeriodAsync(period, ct);
        Assert.Equal(new AlertDeliveryPass(1, 0, 0), await outbox.DeliverDueAsync(ct));

        var request = Assert.Single(receiver.Requests);
        Assert.Equal(WebhookAlertSender.Sign(request.Body, "digest-secret"), request.Headers[WebhookAlertSender.SignatureHeader]);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal(("digest", "2026-12-07T08:00:00Z"), (body.RootElement.GetProperty("rule").GetString(), body.RootElement.GetProperty("period").GetString()));
        Assert.Equal(["DG-1", "DG-2"], body.RootElement.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("issueKey").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(await AlertTestHost.DeliveriesAsync(db), d => Assert.Contains(d.State, new[] { AlertDeliveryStates.Sent, AlertDeliveryStates.InDigest }));
    }

    [Fact]
    public async Task Send_test_reaches_the_channel_and_reports_a_failure_in_words()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var receiver = await AlertReceiver.StartAsync();
        var settings = AlertTestHost.WebhookChannel(receiver.Url(), "k", "ops", ("customer-abuse", "immediate"));
        using var host = AlertTestHost.Build(db, settings);
        var tester = host.Services.GetRequiredService<AlertChannelTester>();
        var ct = TestContext.Current.CancellationToken;

        var ok = await tester.SendTestAsync("OPS", ct);
        Assert.True(ok.Succeeded, ok.Message);
        using (var body = JsonDocument.Parse(Assert.Single(receiver.Requests).Body))
        {
            Assert.Equal("test", body.RootElement.GetProperty("rule").GetString());
        }

        receiver.AnswerNext(500);
        var failed = await tester.SendTestAsync("ops", ct);
        Assert.False(failed.Succeeded);
        Assert.Equal("Channel 'ops' answered HTTP 500 Internal Server Error.", failed.Message);

        var missing = await tester.SendTestAsync("nope", ct);
        Assert.Equal((false, "There is no channel named 'nope'."), (missing.Succeeded, missing.Message));

        // A test send is not an alert: nothing is stored.
        Assert.Empty(await AlertTestHost.DeliveriesAsync(db));
    }
}
