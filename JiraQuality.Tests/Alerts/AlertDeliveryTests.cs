using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JiraQuality.Core.Alerts;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JiraQuality.Tests.Alerts;

/// <summary>
/// The outbox against real loopback receivers on each provider: signed webhook bodies, retry with back-off after
/// failures, refusals, duplicate suppression, and a delivery interrupted by a stop finished by a new host.
/// </summary>
public sealed class AlertDeliveryTests
{
    private const string Secret = "whsec-3f9a7c";

    private static async Task<AlertDelivery> SingleAlertAsync(TestDatabase db) =>
        Assert.Single(await AlertTestHost.DeliveriesAsync(db));

    /// <summary>
    /// A clock that only moves when told, starting on a whole second of today so the times the outbox stores survive
    /// both providers' precision unchanged (back-off waits are then compared exactly).
    /// </summary>
    private static FakeTimeProvider Clock()
    {
        var now = DateTimeOffset.UtcNow;
        return new FakeTimeProvider(new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero));
    }

    private static void AssertSigned(ReceivedRequest request)
    {
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), request.Body));
        Assert.Equal(expected, request.Headers["X-JiraQuality-Signature"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_webhook_alert_is_signed_and_has_the_documented_shape(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var receiver = await AlertReceiver.StartAsync();
        var settings = AlertTestHost.WebhookChannel(receiver.Url(), Secret, "ops", ("customer-abuse", "immediate"));
        settings["Jira:BaseUrl"] = "https://example.atlassian.net";
        using var host = AlertTestHost.Build(db, settings);
        var ct = TestContext.Current.CancellationToken;
        await AlertTestHost.ProcessAsync(db, AlertTestHost.Abusive("CX-7"));
        await host.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(ct);

        var pass = await host.Services.GetRequiredService<AlertOutbox>().DeliverDueAsync(ct);

        Assert.Equal(new AlertDeliveryPass(1, 0, 0), pass);
        var request = Assert.Single(receiver.Requests);
        AssertSigned(request);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal(
            ["agent", "at", "conversationScore", "hub", "issueKey", "reason", "rule", "url"],
            root.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(("customer-abuse", "CX-7", "Berlin", "712020:agent-1", "https://example.atlassian.net/browse/CX-7"),
            (root.GetProperty("rule").GetString(), root.GetProperty("issueKey").GetString(), root.GetProperty("hub").GetString(),
             root.GetProperty("agent").GetString(), root.GetProperty("url").GetString()));
        Assert.Equal(JsonValueKind.Number, root.GetProperty("conversationScore").ValueKind);
        Assert.True(DateTime.TryParse(root.GetProperty("at").GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out _));
        Assert.DoesNotContain(AlertTestHost.PhoneNumber, request.Text);

        var delivery = await SingleAlertAsync(db);
        Assert.Equal((AlertDeliveryStates.Sent, 1, (string?)null), (delivery.State, delivery.Attempts, delivery.LastError));
        Assert.Equal(delivery.Id.ToString(), request.Headers["X-JiraQuality-Delivery"]);

        // A sent delivery is never sent again.
        Assert.Equal(new AlertDeliveryPass(0, 0, 0), await host.Services.GetRequiredService<AlertOutbox>().DeliverDueAsync(ct));
        Assert.Single(receiver.Requests);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Server_errors_are_retried_with_back_off_until_the_alert_is_sent_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var receiver = await AlertReceiver.StartAsync();
        receiver.AnswerNext(500, 503);
        var settings = AlertTestHost.WebhookChannel(receiver.Url(), Secret, "ops", ("customer-abuse", "immediate"));
        settings["Alerts:RetryBaseDelay"] = "00:00:00.400";
        settings["Alerts:RetryMaxDelay"] = "00:00:10";
        var time = Clock();
        using var host = AlertTestHost.Build(db, settings, time: time);
        var outbox = host.Services.GetRequiredService<AlertOutbox>();
        var ct = TestContext.Current.CancellationToken;
        await AlertTestHost.ProcessAsync(db, AlertTestHost.Abusive("CX-8"));
        await host.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(ct);

        Assert.Equal(new AlertDeliveryPass(0, 1, 0), await outbox.DeliverDueAsync(ct));
        var afterFirst = await SingleAlertAsync(db);
        Assert.Equal((AlertDeliveryStates.Pending, 1), (afterFirst.State, afterFirst.Attempts));
        Assert.Contains("HTTP 500", afterFirst.LastError);
        Assert.DoesNotContain("secret-path", afterFirst.LastError);
        Assert.Equal(TimeSpan.FromMilliseconds(400), AlertEvaluationService.AsUtc(afterFirst.NextAttemptAtUtc) - time.GetUtcNow().UtcDateTime);

        // Not due yet, up to the last moment of the back-off.
        Assert.Equal(new AlertDeliveryPass(0, 0, 0), await outbox.DeliverDueAsync(ct));
        time.Advance(TimeSpan.FromMilliseconds(399));
        Assert.Equal(new AlertDeliveryPass(0, 0, 0), await outbox.DeliverDueAsync(ct));
        Assert.Single(receiver.Requests);

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(new AlertDeliveryPass(0, 1, 0), await outbox.DeliverDueAsync(ct));
        var afterSecond = await SingleAlertAsync(db);
        Assert.Contains("HTTP 503", afterSecond.LastError);
        Assert.Equal(TimeSpan.FromMilliseconds(800), AlertEvaluationService.AsUtc(afterSecond.NextAttemptAtUtc) - time.GetUtcNow().UtcDateTime);

        time.Advance(TimeSpan.FromMilliseconds(799));
        Assert.Equal(new AlertDeliveryPass(0, 0, 0), await outbox.DeliverDueAsync(ct));
        Assert.Equal(2, receiver.Requests.Count);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(new AlertDeliveryPass(1, 0, 0), await outbox.DeliverDueAsync(ct));
        var sent = await SingleAlertAsync(db);
        Assert.Equal((AlertDeliveryStates.Sent, 3, (string?)null), (sent.State, sent.Attempts, sent.LastError));
        Assert.Equal(3, receiver.Requests.Count);
        Assert.All(receiver.Requests, AssertSigned);

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new AlertDeliveryPass(0, 0, 0), await outbox.DeliverDueAsync(ct));
        Assert.Equal(3, receiver.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_refusal_fails_at_once_and_the_last_attempt_gives_up(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var receiver = await AlertReceiver.StartAsync();
        receiver.AnswerNext(404, 502, 502);
        var settings = AlertTestHost.WebhookChannel(receiver.Url(), Secret, "ops", ("customer-abuse", "immediate"), ("agent-profanity", "immediate"));
        settings["Alerts:MaxAttempts"] = "2";
        settings["Alerts:RetryBaseDelay"] = "00:00:00.500";
        var time = Clock();
        using var host = AlertTestHost.Build(db, settings, time: time);
        var outbox = host.Services.GetRequiredService<AlertOutbox>();
        var ct = TestContext.Current.CancellationToken;
        var profane = new Scoring.ConversationBuilder("CX-P").Customer(0, "hi").Agent(2, "what the hell do you want").Build();
        await AlertTestHost.ProcessAsync(db, AlertTestHost.Abusive("CX-A"));
        await host.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(ct);
        await AlertTestHost.ProcessAsync(db, profane);
        await host.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(ct);

        // 404 for the first (customer-abuse): refused, not retried. 502 for the second: retried once, then given up.
        Assert.Equal(new AlertDeliveryPass(0, 1, 1), await outbox.DeliverDueAsync(ct));
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(new AlertDeliveryPass(0, 0, 1), await outbox.DeliverDueAsync(ct));
        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new AlertDeliveryPass(0, 0, 0), await outbox.DeliverDueAsync(ct));
        var rows = await AlertTestHost.DeliveriesAsync(db);
        Assert.Equal((AlertDeliveryStates.Failed, 1), (rows.Single(r => r.Subject == "CX-A").State, rows.Single(r => r.Subject == "CX-A").Attempts));
        Assert.Equal((AlertDeliveryStates.Failed, 2), (rows.Single(r => r.Subject == "CX-P").State, rows.Single(r => r.Subject == "CX-P").Attempts));
        Assert.Contains("HTTP 404", rows.Single(r => r.Subject == "CX-A").LastError);
        Assert.Equal(3, receiver.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_delivery_interrupted_by_a_stop_is_finished_once_by_a_new_host(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var receiver = await AlertReceiver.StartAsync();
        receiver.HoldRequests();
        var settings = AlertTestHost.WebhookChannel(receiver.Url(), Secret, "ops", ("customer-abuse", "immediate"));
        var ct = TestContext.Current.CancellationToken;
        await AlertTestHost.ProcessAsync(db, AlertTestHost.Abusive("CX-R1"), AlertTestHost.Abusive("CX-R2"));

        var first = AlertTestHost.Build(db, settings, runWorker: true);
        await first.StartAsync(ct);
        await receiver.Held.WaitAsync(TimeSpan.FromSeconds(30), ct);
        var inFlight = await AlertTestHost.DeliveriesAsync(db);
        Assert.Equal(2, inFlight.Count);
        Assert.All(inFlight, d => Assert.Equal(AlertDeliveryStates.Pending, d.State));
        Assert.Contains(inFlight, d => d.ClaimedUntilUtc is not null);

        // The app stops while the receiver has not answered: the send is abandoned and every claim given back at once.
        await first.StopAsync(ct);
        first.Dispose();
        Assert.All(await AlertTestHost.DeliveriesAsync(db), d => Assert.Equal((AlertDeliveryStates.Pending, (DateTime?)null, 0), (d.State, d.ClaimedUntilUtc, d.Attempts)));

        receiver.Release();
        using var second = AlertTestHost.Build(db, settings, runWorker: true);
        await second.StartAsync(ct);
        var sent = await AlertTestHost.WaitForAsync(() => AlertTestHost.DeliveriesAsync(db), rows => rows.All(d => d.State == AlertDeliveryStates.Sent), "the new host to send both");
        Assert.All(sent, d => Assert.Equal(1, d.Attempts));
        await second.StopAsync(ct);
        await receiver.UntilIdleAsync();

        // The first host's request never completed (the receiver records answered requests only): each alert arrived once.
        Assert.Equal(2, receiver.Requests.Count);
        Assert.All(receiver.Requests, AssertSigned);
        Assert.Equal(sent.Select(d => d.Id.ToString()).Order(), receiver.Requests.Select(r => r.Headers["X-JiraQuality-Delivery"]).Order());
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_claim_of_an_instance_that_died_mid_send_is_taken_over_after_its_lease(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var receiver = await AlertReceiver.StartAsync();
        var settings = AlertTestHost.WebhookChannel(receiver.Url(), Secret, "ops", ("customer-abuse", "immediate"));
        var ct = TestContext.Current.CancellationToken;
        await AlertTestHost.ProcessAsync(db, AlertTestHost.Abusive("CX-D"));
        var time = Clock();
        using var host = AlertTestHost.Build(db, settings, time: time);
        await host.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(ct);

        // As a killed instance leaves it: claimed, lease running, no outcome.
        var leaseEnd = time.GetUtcNow().UtcDateTime.AddSeconds(1.5);
        await using (var context = db.Factory.CreateDbContext())
        {
            await context.Set<AlertDelivery>().ExecuteUpdateAsync(s => s.SetProperty(d => d.ClaimedUntilUtc, leaseEnd).SetProperty(d => d.ClaimToken, Guid.NewGuid()), ct);
        }

        var outbox = host.Services.GetRequiredService<AlertOutbox>();
        Assert.Equal(new AlertDeliveryPass(0, 0, 0), await outbox.DeliverDueAsync(ct));
        Assert.Empty(receiver.Requests);

        // Still held at the very end of the lease; taken over just after it.
        time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(new AlertDeliveryPass(0, 0, 0), await outbox.DeliverDueAsync(ct));
        Assert.Empty(receiver.Requests);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(new AlertDeliveryPass(1, 0, 0), await outbox.DeliverDueAsync(ct));
        Assert.Single(receiver.Requests);
        Assert.Equal(AlertDeliveryStates.Sent, (await SingleAlertAsync(db)).State);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_outboxes_on_one_database_send_each_alert_once(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var receiver = await AlertReceiver.StartAsync();
        var settings = AlertTestHost.WebhookChannel(receiver.Url(), Secret, "ops", ("customer-abuse", "immediate"));
        var ct = TestContext.Current.CancellationToken;
        await AlertTestHost.ProcessAsync(db, [.. Enumerable.Range(1, 12).Select(i => AlertTestHost.Abusive($"CX-{i}"))]);
        using var a = AlertTestHost.Build(db, settings);
        using var b = AlertTestHost.Build(db, settings);
        await Task.WhenAll(
            a.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(ct),
            b.Services.GetRequiredService<AlertEvaluationService>().EvaluateAsync(ct));
        Assert.Equal(12, (await AlertTestHost.DeliveriesAsync(db)).Count);

        var passes = await Task.WhenAll(
            a.Services.GetRequiredService<AlertOutbox>().DeliverDueAsync(ct),
            b.Services.GetRequiredService<AlertOutbox>().DeliverDueAsync(ct));

        Assert.Equal(12, passes.Sum(p => p.Sent));
        Assert.Equal(12, receiver.Requests.Count);
        Assert.Equal(12, receiver.Requests.Select(r => r.Headers["X-JiraQuality-Delivery"]).Distinct().Count());
    }
}
