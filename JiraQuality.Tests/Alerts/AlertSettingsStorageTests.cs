using JiraQuality.Core.Alerts;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Alerts;

/// <summary>
/// Channels and rules stored from the Settings page, on both providers: evaluated and sent next to those from settings,
/// checked field by field, secrets write-only, and one unique name per channel and rule in the database.
/// </summary>
public sealed class AlertSettingsStorageTests
{
    private const string Secret = "stored-signing-secret-0123";

    private static AlertChannelInput Webhook(string name, string url, string? secret = Secret) =>
        new() { Name = name, Kind = AlertChannelKinds.Webhook, Url = url, Secret = secret };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stored_channel_and_rule_alert_and_deliver_signed_next_to_those_from_settings(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var settingsReceiver = await AlertReceiver.StartAsync();
        await using var storedReceiver = await AlertReceiver.StartAsync();
        using var host = AlertTestHost.Build(db, AlertTestHost.WebhookChannel(settingsReceiver.Url(), "settings-secret", "ops", ("agent-profanity", "immediate")));
        var editor = host.Services.GetRequiredService<AlertSettingsEditor>();
        var ct = TestContext.Current.CancellationToken;

        var channel = await editor.SaveChannelAsync(null, Webhook("security", storedReceiver.Url("/hooks/abuse")), ct);
        Assert.True(channel.Succeeded, string.Join(" ", channel.Errors.Values));
        var rule = await editor.SaveRuleAsync(null, new AlertRuleInput { Kind = "customer-abuse", Channel = "SECURITY", Mode = "immediate", Hub = "Berlin" }, ct);
        Assert.True(rule.Succeeded, string.Join(" ", rule.Errors.Values));

        var merged = await host.Services.GetRequiredService<AlertConfiguration>().CurrentAsync(ct);
        Assert.Equal(["ops", "security"], merged.Channels.Select(c => c.Name));
        Assert.Equal(["agent-profanity:ops", "customer-abuse:security"], merged.Rules.Select(r => r.Id));

        await AlertTestHost.ProcessAsync(db, AlertTestHost.Abusive("ST-1"), AlertTestHost.Abusive("ST-2", hub: "Paris"));
        Assert.Equal(1, await host.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(ct));
        var pass = await host.Services.GetRequiredService<AlertOutbox>().DeliverDueAsync(ct);

        Assert.Equal(1, pass.Sent);
        Assert.Empty(settingsReceiver.Requests);
        var request = Assert.Single(storedReceiver.Requests);
        Assert.Equal("/hooks/abuse", request.Path);
        Assert.Contains("\"issueKey\":\"ST-1\"", request.Text);
        Assert.Equal(WebhookAlertSender.Sign(request.Body, Secret), request.Headers[WebhookAlertSender.SignatureHeader]);
        var delivery = Assert.Single(await AlertTestHost.DeliveriesAsync(db));
        Assert.Equal(("customer-abuse:security", "security", AlertDeliveryStates.Sent), (delivery.RuleId, delivery.Channel, delivery.State));

        // "Send test" reaches a stored channel too.
        Assert.True((await host.Services.GetRequiredService<AlertChannelTester>().SendTestAsync("security", ct)).Succeeded);
        Assert.Equal(2, storedReceiver.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_bad_field_is_named_and_nothing_is_stored(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var settings = AlertTestHost.WebhookChannel("http://127.0.0.1:9/hook", "settings-secret", "ops", ("customer-abuse", "immediate"));
        using var host = AlertTestHost.Build(db, settings);
        var editor = host.Services.GetRequiredService<AlertSettingsEditor>();
        var ct = TestContext.Current.CancellationToken;
        Assert.True((await editor.SaveChannelAsync(null, Webhook("pager", "https://hooks.example.test/p"), ct)).Succeeded);

        async Task<IReadOnlyDictionary<string, string>> ChannelErrors(AlertChannelInput input) => (await editor.SaveChannelAsync(null, input, ct)).Errors;
        async Task<IReadOnlyDictionary<string, string>> RuleErrors(AlertRuleInput input) => (await editor.SaveRuleAsync(null, input, ct)).Errors;

        Assert.Equal("Name is required.", (await ChannelErrors(Webhook(" ", "https://h.test/x")))["Name"]);
        Assert.Equal("Name 'OPS' is already used by a channel from settings.", (await ChannelErrors(Webhook("OPS", "https://h.test/x")))["Name"]);
        Assert.Equal("Name 'Pager' is already used by another channel.", (await ChannelErrors(Webhook("Pager", "https://h.test/x")))["Name"]);
        var badUrl = await ChannelErrors(Webhook("new", "ftp://h.test/token-in-path"));
        Assert.Equal("URL must be an absolute http:// or https:// address of at most 2000 characters.", badUrl["Url"]);
        Assert.DoesNotContain("token-in-path", string.Join(" ", badUrl.Values));
        Assert.Equal("URL is required for a slack channel.", (await ChannelErrors(new AlertChannelInput { Name = "new", Kind = "slack" }))["Url"]);
        Assert.Equal("Secret is required for a webhook channel: its bodies are signed with it.", (await ChannelErrors(Webhook("new", "https://h.test/x", secret: null)))["Secret"]);
        Assert.Equal($"Secret must be between {AlertSettingsEditor.MinimumSecretLength} and 500 characters.", (await ChannelErrors(Webhook("new", "https://h.test/x", secret: "short")))["Secret"]);
        Assert.Equal("Kind must be one of email, slack, teams, webhook.", (await ChannelErrors(new AlertChannelInput { Name = "new", Kind = "pager" }))["Kind"]);
        var email = await ChannelErrors(new AlertChannelInput { Name = "mail", Kind = "email", To = "lead@example.test, not-an-address" });
        Assert.Equal("To has an address that is not a valid e-mail address: 'not-an-address'.", email["To"]);
        Assert.Equal("Kind email needs the SMTP server in settings (Alerts:Smtp:Host), which is not set.", email["Kind"]);

        Assert.Equal("Channel 'nowhere' is not the name of a channel.", (await RuleErrors(new AlertRuleInput { Kind = "customer-abuse", Channel = "nowhere" }))["Channel"]);
        Assert.Equal("Threshold must be between 1 and 5 for low-score (scores run from 1 to 5).",
            (await RuleErrors(new AlertRuleInput { Kind = "low-score", Channel = "ops", Threshold = 7 }))["Threshold"]);
        Assert.Equal("Threshold must be more than 0 and at most 1 for a rate (0.05 is 5 points).",
            (await RuleErrors(new AlertRuleInput { Kind = "kpi-drop", Channel = "ops", Kpi = "resolved-rate", Threshold = 3 }))["Threshold"]);
        Assert.Equal($"Period must be between 1 and {AlertSettingsEditor.MaxWindowDays} days.",
            (await RuleErrors(new AlertRuleInput { Kind = "kpi-drop", Channel = "ops", WindowDays = 0 }))["WindowDays"]);
        Assert.Equal("Mode must be immediate or digest.", (await RuleErrors(new AlertRuleInput { Kind = "customer-abuse", Channel = "ops", Mode = "hourly" }))["Mode"]);
        Assert.Equal("Kind must be one of customer-abuse, agent-profanity, low-score, sla-breach, unresolved-escalated, kpi-drop.",
            (await RuleErrors(new AlertRuleInput { Kind = "rudeness", Channel = "ops" }))["Kind"]);
        Assert.Equal("Name is needed: a rule 'customer-abuse:ops' already exists, so give this one its own name.",
            (await RuleErrors(new AlertRuleInput { Kind = "customer-abuse", Channel = "ops" }))["Name"]);

        await using var context = db.Factory.CreateDbContext();
        Assert.Equal(["pager"], await context.Set<StoredAlertChannel>().Select(c => c.Name).ToListAsync(ct));
        Assert.Empty(await context.Set<StoredAlertRule>().ToListAsync(ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Address_and_secret_are_write_only_and_a_blank_keeps_them(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var receiver = await AlertReceiver.StartAsync();
        using var host = AlertTestHost.Build(db, AlertTestHost.FastSettings());
        var editor = host.Services.GetRequiredService<AlertSettingsEditor>();
        var ct = TestContext.Current.CancellationToken;
        var added = await editor.SaveChannelAsync(null, Webhook("ops", receiver.Url("/hooks/path-token")), ct);
        Assert.DoesNotContain("path-token", added.AuditDetail);
        Assert.DoesNotContain(Secret, added.AuditDetail);
        Assert.Equal($"Added alert channel 'ops' (webhook to {receiver.BaseUrl}/…, secret set).", added.AuditDetail);
        var id = (await editor.LoadAsync(ct)).Channels.Single().Id!.Value;

        var form = await editor.ChannelForEditAsync(id, ct);
        Assert.Equal(("ops", "webhook", null, null), (form!.Name, form.Kind, form.Url, form.Secret));
        var view = (await editor.LoadAsync(ct)).Channels.Single();
        Assert.Equal(($"{receiver.BaseUrl}/…", true, true, false), (view.Target, view.HasUrl, view.HasSecret, view.FromSettings));

        form.Name = "operations";
        var renamed = await editor.SaveChannelAsync(id, form, ct);
        Assert.True(renamed.Succeeded, string.Join(" ", renamed.Errors.Values));
        Assert.Equal("Changed alert channel 'operations': name.", renamed.AuditDetail);
        Assert.True((await host.Services.GetRequiredService<AlertChannelTester>().SendTestAsync("operations", ct)).Succeeded);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal("/hooks/path-token", request.Path);
        Assert.Equal(WebhookAlertSender.Sign(request.Body, Secret), request.Headers[WebhookAlertSender.SignatureHeader]);

        var rotated = await editor.SaveChannelAsync(id, new AlertChannelInput { Name = "operations", Kind = "webhook", Secret = "a-new-signing-secret-456" }, ct);
        Assert.Equal("Changed alert channel 'operations': secret.", rotated.AuditDetail);
        await host.Services.GetRequiredService<AlertChannelTester>().SendTestAsync("operations", ct);
        Assert.Equal(WebhookAlertSender.Sign(receiver.Requests[1].Body, "a-new-signing-secret-456"), receiver.Requests[1].Headers[WebhookAlertSender.SignatureHeader]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_channel_in_use_is_kept_until_its_rules_go_and_its_waiting_alerts_then_fail_with_a_reason(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var receiver = await AlertReceiver.StartAsync();
        using var host = AlertTestHost.Build(db, AlertTestHost.FastSettings());
        var editor = host.Services.GetRequiredService<AlertSettingsEditor>();
        var ct = TestContext.Current.CancellationToken;
        await editor.SaveChannelAsync(null, Webhook("ops", receiver.Url()), ct);
        await editor.SaveRuleAsync(null, new AlertRuleInput { Kind = "low-score", Channel = "ops", Threshold = 4.5, Mode = "digest", Tier = "Tier 1" }, ct);
        var overview = await editor.LoadAsync(ct);
        var channelId = overview.Channels.Single().Id!.Value;
        var ruleView = overview.Rules.Single();
        Assert.Equal(("low-score:ops", 4.5, "digest", "Tier 1"), (ruleView.Rule.Id, ruleView.Rule.EffectiveThreshold, ruleView.Rule.Mode, ruleView.Rule.Tier));

        var refused = await editor.DeleteChannelAsync(channelId, ct);
        Assert.Equal("Channel 'ops' is used by rules low-score:ops; change or delete them first.", refused.Errors["Channel"]);
        var rename = await editor.SaveChannelAsync(channelId, new AlertChannelInput { Name = "other", Kind = "webhook" }, ct);
        Assert.StartsWith("Name cannot change while rules send to 'ops' (low-score:ops)", rename.Errors["Name"]);

        var edited = await editor.SaveRuleAsync(ruleView.Id, new AlertRuleInput { Kind = "low-score", Channel = "ops", Threshold = 3, Mode = "immediate" }, ct);
        Assert.Equal("Changed alert rule 'low-score:ops': low-score to ops, digest, threshold 4.5, tier Tier 1 → low-score to ops, immediate, threshold 3.", edited.AuditDetail);
        Assert.True((await editor.DeleteRuleAsync(ruleView.Id!.Value, ct)).Succeeded);

        // An alert still waiting for the deleted channel is given up with the reason, not left pending for ever.
        await using (var context = db.Factory.CreateDbContext())
        {
            context.Add(new AlertDelivery
            {
                Id = Guid.NewGuid(),
                RuleId = "low-score:ops",
                RuleKind = "low-score",
                Subject = "GONE-1",
                Channel = "ops",
                State = AlertDeliveryStates.Pending,
                CreatedAtUtc = DateTime.UtcNow,
                NextAttemptAtUtc = DateTime.UtcNow,
                PayloadJson = new AlertMessage { Rule = "low-score", RuleId = "low-score:ops", IssueKey = "GONE-1" }.ToJson(),
            });
            await context.SaveChangesAsync(ct);
        }

        Assert.Equal("Deleted alert channel 'ops' (webhook).", (await editor.DeleteChannelAsync(channelId, ct)).AuditDetail);
        var pass = await host.Services.GetRequiredService<AlertOutbox>().DeliverDueAsync(ct);
        Assert.Equal(1, pass.Failed);
        Assert.Empty(receiver.Requests);
        Assert.Equal("Channel 'ops' is not configured any more.", Assert.Single(await AlertTestHost.DeliveriesAsync(db)).LastError);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_database_refuses_two_channels_whose_names_differ_only_by_case_and_two_rules_with_one_id(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var now = DateTime.UtcNow;
        await using (var context = db.Factory.CreateDbContext())
        {
            context.Add(new StoredAlertChannel { Id = Guid.NewGuid(), Name = "Ops", NameKey = StoredAlertChannel.KeyOf("Ops"), Kind = "slack", Url = "https://a.test/x", CreatedAtUtc = now, UpdatedAtUtc = now });
            context.Add(new StoredAlertRule { Id = Guid.NewGuid(), RuleId = "customer-abuse:Ops", Kind = "customer-abuse", Channel = "Ops", CreatedAtUtc = now, UpdatedAtUtc = now });
            await context.SaveChangesAsync(ct);
        }

        await using (var context = db.Factory.CreateDbContext())
        {
            context.Add(new StoredAlertChannel { Id = Guid.NewGuid(), Name = "OPS", NameKey = StoredAlertChannel.KeyOf("OPS "), Kind = "slack", Url = "https://a.test/y", CreatedAtUtc = now, UpdatedAtUtc = now });
            await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync(ct));
        }

        await using (var context = db.Factory.CreateDbContext())
        {
            context.Add(new StoredAlertRule { Id = Guid.NewGuid(), RuleId = "customer-abuse:Ops", Kind = "customer-abuse", Channel = "Ops", CreatedAtUtc = now, UpdatedAtUtc = now });
            await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync(ct));
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stored_channel_whose_name_settings_now_use_is_left_out_and_settings_win(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var ct = TestContext.Current.CancellationToken;
        var now = DateTime.UtcNow;
        await using (var context = db.Factory.CreateDbContext())
        {
            // Saved before settings gained a channel of the same name.
            context.Add(new StoredAlertChannel { Id = Guid.NewGuid(), Name = "ops", NameKey = "OPS", Kind = "slack", Url = "https://stored.test/x", CreatedAtUtc = now, UpdatedAtUtc = now });
            context.Add(new StoredAlertRule { Id = Guid.NewGuid(), RuleId = "sla-breach:gone", Kind = "sla-breach", Channel = "gone", CreatedAtUtc = now, UpdatedAtUtc = now });
            await context.SaveChangesAsync(ct);
        }

        using var host = AlertTestHost.Build(db, AlertTestHost.WebhookChannel("https://settings.test/hook", "settings-secret", "ops"));

        var merged = await host.Services.GetRequiredService<AlertConfiguration>().CurrentAsync(ct);

        Assert.Equal("https://settings.test/hook", Assert.Single(merged.Channels).Url);
        Assert.Empty(merged.Rules);
    }
}
