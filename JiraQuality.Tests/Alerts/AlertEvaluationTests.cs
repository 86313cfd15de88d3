using JiraQuality.Core.Alerts;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JiraQuality.Tests.Alerts;

/// <summary>Rules evaluated on stored conversations on each provider: one alert per rule and conversation, filters, digests, kpi-drop.</summary>
public sealed class AlertEvaluationTests
{
    private static Dictionary<string, string?> Settings(params (string Kind, string Mode)[] rules) =>
        AlertTestHost.WebhookChannel("http://127.0.0.1:9/hook", "s3cret", "ops", rules);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_conversation_alerts_once_per_rule_even_when_processed_again(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        using var host = AlertTestHost.Build(db, Settings(("customer-abuse", "immediate"), ("agent-profanity", "immediate")));
        var evaluation = host.Services.GetRequiredService<AlertEvaluationService>();
        var ct = TestContext.Current.CancellationToken;

        await AlertTestHost.ProcessAsync(db, AlertTestHost.Abusive("CX-1"), AlertTestHost.Polite("CX-2"));
        Assert.Equal(1, await evaluation.EvaluateAsync(ct));

        var delivery = Assert.Single(await AlertTestHost.DeliveriesAsync(db));
        Assert.Equal(("customer-abuse:ops", "customer-abuse", "CX-1", "ops", AlertDeliveryStates.Pending, 0),
            (delivery.RuleId, delivery.RuleKind, delivery.Subject, delivery.Channel, delivery.State, delivery.Attempts));
        var message = AlertMessage.FromJson(delivery.PayloadJson);
        Assert.Equal(("customer-abuse", "CX-1", "Berlin"), (message.Rule, message.IssueKey, message.Hub));
        Assert.Contains("useless and stupid", message.Excerpt);
        Assert.Contains("[phone]", message.Excerpt);
        Assert.DoesNotContain(AlertTestHost.PhoneNumber, delivery.PayloadJson);

        // Re-processing the same conversation (a rescore, a webhook update) stores it again: no second alert.
        await AlertTestHost.ProcessAsync(db, AlertTestHost.Abusive("CX-1"));
        Assert.Equal(0, await evaluation.EvaluateAsync(ct));
        Assert.Single(await AlertTestHost.DeliveriesAsync(db));

        // A new abusive conversation alerts.
        await AlertTestHost.ProcessAsync(db, AlertTestHost.Abusive("CX-3"));
        Assert.Equal(1, await evaluation.EvaluateAsync(ct));
        Assert.Equal(["CX-1", "CX-3"], (await AlertTestHost.DeliveriesAsync(db)).Select(d => d.Subject).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_unique_key_refuses_a_second_alert_for_a_rule_and_conversation(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        using var host = AlertTestHost.Build(db, Settings(("customer-abuse", "immediate")));
        var evaluation = host.Services.GetRequiredService<AlertEvaluationService>();
        var ct = TestContext.Current.CancellationToken;
        AlertDelivery Row(string subject) => new()
        {
            Id = Guid.NewGuid(),
            RuleId = "customer-abuse:ops",
            RuleKind = "customer-abuse",
            Subject = subject,
            Channel = "ops",
            CreatedAtUtc = DateTime.UtcNow,
            NextAttemptAtUtc = DateTime.UtcNow,
        };

        // Two instances evaluating at once: the second insert of the same rule and conversation is skipped, not an error.
        Assert.Equal(2, await evaluation.AddIgnoringDuplicatesAsync([Row("CX-1"), Row("CX-2")], ct));
        Assert.Equal(1, await evaluation.AddIgnoringDuplicatesAsync([Row("CX-1"), Row("CX-3")], ct));
        Assert.Equal(["CX-1", "CX-2", "CX-3"], (await AlertTestHost.DeliveriesAsync(db)).Select(d => d.Subject).Order(StringComparer.Ordinal));

        await using var context = db.Factory.CreateDbContext();
        context.Add(Row("CX-1"));
        await Assert.ThrowsAsync<DbUpdateException>(() => context.SaveChangesAsync(ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Rules_filter_by_hub_and_each_kind_fires_on_its_own_condition(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var settings = Settings(("customer-abuse", "immediate"), ("low-score", "immediate"), ("sla-breach", "immediate"));
        settings["Alerts:Rules:0:Hub"] = "berlin";
        settings["Alerts:Rules:1:Threshold"] = "0";
        using var host = AlertTestHost.Build(db, settings);
        var ct = TestContext.Current.CancellationToken;

        var late = new Scoring.ConversationBuilder("CX-LATE")
            .Customer(0, "hello?").Agent(90, "sorry for the wait").Customer(95, "ok thanks")
            .Field(Core.Conversations.CustomFieldKeys.Hub, "Paris").Build();
        await AlertTestHost.ProcessAsync(db, AlertTestHost.Abusive("CX-B", "Berlin"), AlertTestHost.Abusive("CX-P", "Paris"), late);
        await host.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(ct);

        var rows = await AlertTestHost.DeliveriesAsync(db);
        Assert.Equal(
            [("customer-abuse", "CX-B"), ("sla-breach", "CX-LATE")],
            rows.Select(r => (r.RuleKind, r.Subject)).Order().ToList());
        Assert.Contains("90 minutes", AlertMessage.FromJson(rows.Single(r => r.RuleKind == "sla-breach").PayloadJson).Reason);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_breached_service_desk_sla_synced_with_the_ticket_fires_sla_breach(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        using var host = AlertTestHost.Build(db, Settings(("sla-breach", "immediate")));
        var ct = TestContext.Current.CancellationToken;

        // Answered within the SLA by the thread's timestamps, but Jira Service Management says a cycle was breached.
        var breached = new Scoring.ConversationBuilder("JSM-1").Customer(0, "hi").Agent(2, "hello").Customer(4, "thanks")
            .Field("jsm_sla_time_to_resolution_breached", "true").Field("jsm_sla_time_to_first_response_breached", "false").Build();
        var kept = new Scoring.ConversationBuilder("JSM-2").Customer(0, "hi").Agent(2, "hello")
            .Field("jsm_sla_time_to_resolution_breached", "false").Build();
        await AlertTestHost.ProcessAsync(db, breached, kept);
        await host.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(ct);

        var alert = Assert.Single(await AlertTestHost.DeliveriesAsync(db));
        Assert.Equal("JSM-1", alert.Subject);
        Assert.Equal("The Jira Service Management SLA 'time to resolution' was breached.", AlertMessage.FromJson(alert.PayloadJson).Reason);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_first_evaluation_reads_only_the_look_back_so_history_does_not_alert(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(3));
        using var host = AlertTestHost.Build(db, Settings(("customer-abuse", "immediate")), time: time);
        var ct = TestContext.Current.CancellationToken;

        // Processed "now" by the real clock, which is three days before the alerts' clock: older than the look-back.
        await AlertTestHost.ProcessAsync(db, AlertTestHost.Abusive("CX-OLD"));
        Assert.Equal(0, await host.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(ct));
        Assert.Empty(await AlertTestHost.DeliveriesAsync(db));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Digest_alerts_wait_for_the_daily_digest_which_gathers_them_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var settings = Settings(("customer-abuse", "digest"));
        settings["Alerts:Digest:Time"] = "08:30";
        settings["Alerts:Digest:TimeZone"] = "Europe/Berlin";
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var host = AlertTestHost.Build(db, settings, time: time);
        var digests = host.Services.GetRequiredService<AlertDigestService>();
        var ct = TestContext.Current.CancellationToken;

        var first = await digests.RunDueAsync(ct);
        Assert.NotNull(first);
        var local = TimeZoneInfo.ConvertTimeFromUtc(first.Value, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.Equal((8, 30), (local.Hour, local.Minute));

        await AlertTestHost.ProcessAsync(db, AlertTestHost.Abusive("CX-1"), AlertTestHost.Abusive("CX-2"));
        await host.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(ct);
        Assert.All(await AlertTestHost.DeliveriesAsync(db), d => Assert.Equal(AlertDeliveryStates.Waiting, d.State));

        // Before the digest time nothing is gathered.
        Assert.Equal(first, await digests.RunDueAsync(ct));
        Assert.DoesNotContain(await AlertTestHost.DeliveriesAsync(db), d => d.RuleId == AlertDeliveryRules.Digest);

        time.SetUtcNow(first.Value.AddMinutes(1));
        var second = await digests.RunDueAsync(ct);
        Assert.Equal(first.Value.AddDays(1), second);
        var rows = await AlertTestHost.DeliveriesAsync(db);
        var digest = Assert.Single(rows, d => d.RuleId == AlertDeliveryRules.Digest);
        Assert.Equal((AlertDeliveryStates.Pending, "ops"), (digest.State, digest.Channel));
        Assert.Equal(["CX-1", "CX-2"], AlertDigestMessage.FromJson(digest.PayloadJson).Alerts.Select(a => a.IssueKey!).Order(StringComparer.Ordinal));
        Assert.All(rows.Where(r => r.RuleId != AlertDeliveryRules.Digest), r => Assert.Equal((AlertDeliveryStates.InDigest, digest.Id), (r.State, r.DigestId!.Value)));

        // Running the same period again (another instance, a restart) makes no second digest.
        await digests.RunPeriodAsync(first.Value, ct);
        Assert.Single(await AlertTestHost.DeliveriesAsync(db), d => d.RuleId == AlertDeliveryRules.Digest);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Kpi_drop_alerts_once_per_period_when_the_score_falls_by_more_than_the_threshold(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var settings = Settings(("kpi-drop", "immediate"));
        settings["Alerts:Rules:0:Threshold"] = "0.3";
        settings["Alerts:Rules:0:Window"] = "7.00:00:00";
        var period = new DateTime(2026, 12, 7, 8, 0, 0, DateTimeKind.Utc);
        var time = new FakeTimeProvider(new DateTimeOffset(period));
        using var host = AlertTestHost.Build(db, settings, time: time);
        var digests = host.Services.GetRequiredService<AlertDigestService>();
        var ct = TestContext.Current.CancellationToken;

        // Previous week: mean 4.0; this week: mean 3.5 (a drop of 0.5 > 0.3).
        await using (var context = db.Factory.CreateDbContext())
        {
            context.AddRange(
                Processed("K-1", period.AddDays(-10), 4.0), Processed("K-2", period.AddDays(-9), 4.0),
                Processed("K-3", period.AddDays(-2), 3.0), Processed("K-4", period.AddDays(-1), 4.0));
            await context.SaveChangesAsync(ct);
        }

        await digests.RunPeriodAsync(period, ct);
        var alert = Assert.Single(await AlertTestHost.DeliveriesAsync(db));
        Assert.Equal(("kpi-drop:ops", AlertDigestService.PeriodKey(period), AlertDeliveryStates.Pending), (alert.RuleId, alert.Subject, alert.State));
        Assert.Contains("fell from 4 to 3.5", AlertMessage.FromJson(alert.PayloadJson).Reason);

        await digests.RunPeriodAsync(period, ct);
        Assert.Single(await AlertTestHost.DeliveriesAsync(db));

        // A drop within the threshold does not alert.
        settings["Alerts:Rules:0:Threshold"] = "0.6";
        using var lenient = AlertTestHost.Build(db, settings, time: time);
        await lenient.Services.GetRequiredService<AlertDigestService>().RunPeriodAsync(period.AddDays(1), ct);
        Assert.Single(await AlertTestHost.DeliveriesAsync(db));
    }

    private static ProcessedConversation Processed(string key, DateTime endUtc, double score) => new()
    {
        IssueKey = key,
        ConversationStartUtc = endUtc.AddMinutes(-30),
        ConversationEndUtc = endUtc,
        ConversationScore = score,
        ScorerKind = "heuristic",
        ScorerVersion = "test",
        ProcessedAtUtc = endUtc,
    };
}
