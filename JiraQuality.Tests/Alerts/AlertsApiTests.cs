using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JiraQuality.Core.Alerts;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Alerts;

/// <summary><c>/api/alerts</c>: the history as JSON and "send test" per channel, on each provider.</summary>
public sealed class AlertsApiTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_history_and_send_test_answer_over_http(DatabaseProvider provider)
    {
        await using var receiver = await AlertReceiver.StartAsync();
        var settings = AlertTestHost.WebhookChannel(receiver.Url(), "api-secret", "ops", ("customer-abuse", "immediate"));
        await using var app = await AlertsAfterProcessingJobTests.AppAsync(provider, settings);
        using var client = app.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        var empty = await client.GetFromJsonAsync<JsonElement>("/api/alerts", ct);
        Assert.Equal(0, empty.GetArrayLength());

        var contexts = app.Services.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            db.Add(new AlertDelivery
            {
                Id = Guid.NewGuid(),
                RuleId = "customer-abuse:ops",
                RuleKind = "customer-abuse",
                Subject = "API-1",
                IssueKey = "API-1",
                Channel = "ops",
                State = AlertDeliveryStates.Failed,
                Attempts = 8,
                LastError = "Channel 'ops' answered HTTP 500 Internal Server Error.",
                CreatedAtUtc = DateTime.UtcNow,
                NextAttemptAtUtc = DateTime.UtcNow,
                PayloadJson = new AlertMessage { Rule = "customer-abuse", RuleId = "customer-abuse:ops", IssueKey = "API-1", Reason = "The customer used 2 abusive words." }.ToJson(),
            });
            await db.SaveChangesAsync(ct);
        }

        var list = await client.GetFromJsonAsync<JsonElement>("/api/alerts?state=failed", ct);
        var item = Assert.Single(list.EnumerateArray());
        Assert.Equal(("API-1", "failed", 8, "The customer used 2 abusive words."),
            (item.GetProperty("issueKey").GetString(), item.GetProperty("state").GetString(), item.GetProperty("attempts").GetInt32(), item.GetProperty("reason").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/alerts?take=0", ct)).StatusCode);

        var sent = await client.PostAsync("/api/alerts/channels/ops/test", null, ct);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal(WebhookAlertSender.Sign(Assert.Single(receiver.Requests).Body, "api-secret"), receiver.Requests[0].Headers[WebhookAlertSender.SignatureHeader]);

        receiver.AnswerNext(500);
        Assert.Equal(HttpStatusCode.BadGateway, (await client.PostAsync("/api/alerts/channels/ops/test", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/alerts/channels/nope/test", null, ct)).StatusCode);
    }

    [Fact]
    public async Task The_app_refuses_to_start_with_invalid_alert_settings_and_names_the_setting()
    {
        await using var app = new JiraQualityAppFactory(new Dictionary<string, string?>
        {
            ["Alerts:Channels:0:Name"] = "ops",
            ["Alerts:Channels:0:Kind"] = "webhook",
            ["Alerts:Channels:0:Url"] = "not a url",
        });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("Alerts:Channels:0:Url must be an absolute http(s) address.", error.ToString());
        Assert.Contains("Alerts:Channels:0:Secret is required", error.ToString());
    }
}
