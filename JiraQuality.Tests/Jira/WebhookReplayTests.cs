using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JiraQuality.Core.Jira.Webhooks;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Jira;

/// <summary>
/// A signed webhook body captured once and sent again, with no, the same or a new delivery identifier, is not
/// queued (nor fetched from Jira) again, on each provider.
/// </summary>
public sealed class WebhookReplayTests
{
    private const string Secret = "replay-secret-789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_replayed_signed_body_is_a_duplicate_whatever_its_identifier_header(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var jira = await FakeJiraServer.StartAsync();
        jira.AddIssue("CC-42", new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc), "my bike is stuck", "we unlocked it");
        jira.AddIssue("CC-7", new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc), "my lock is jammed");
        var settings = JiraTestHost.Settings(jira);
        settings["Webhooks:JiraSecret"] = Secret;
        settings["Database:Provider"] = provider.ToString();
        settings["ConnectionStrings:JiraQuality"] = database.Options.ConnectionString;
        await using var app = new JiraQualityAppFactory(settings);
        var client = app.CreateClient();
        var now = TimeProvider.System.GetUtcNow();
        var body = Body("comment_created", "CC-42", now, commentId: "10041");

        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(Delivery(body, "delivery-1"), Ct)).StatusCode);
        await WaitForAsync(database, d => d.State == WebhookDeliveryStates.Fetched, "the first delivery to be fetched");

        foreach (var identifier in new string?[] { null, "delivery-1", "delivery-2-forged", "" })
        {
            var replay = await client.SendAsync(Delivery(body, identifier), Ct);
            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            Assert.Contains("\"duplicate\":true", await replay.Content.ReadAsStringAsync(Ct));
        }

        // The same body re-serialised (other property order and spacing) says the same thing.
        using (var parsed = JsonDocument.Parse(body))
        {
            var reordered = "{ \"issue\": " + parsed.RootElement.GetProperty("issue").GetRawText()
                + ", \"comment\": {\"id\":\"10041\"}, \"webhookEvent\": \"comment_created\", \"timestamp\": "
                + parsed.RootElement.GetProperty("timestamp").GetRawText() + " }";
            Assert.Contains("\"duplicate\":true", await (await client.SendAsync(Delivery(reordered, null), Ct)).Content.ReadAsStringAsync(Ct));
        }

        // The worker drains deliveries in the order they were accepted: once one of another issue accepted after the
        // replays is fetched, a replay the worker had been given would have been fetched too.
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(Delivery(Body("comment_created", "CC-7", now, commentId: "7001"), null), Ct)).StatusCode);
        await WaitForAsync(database, d => d.IssueKey == "CC-7" && d.State == WebhookDeliveryStates.Fetched, "the later delivery of another issue to be fetched");
        Assert.Single(jira.Requests, r => r.Path == "/rest/api/3/issue/CC-42");

        // Different events of the same issue are new deliveries: another comment, another moment, another event.
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(Delivery(Body("comment_created", "CC-42", now, commentId: "10042"), null), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(Delivery(Body("comment_created", "CC-42", now.AddSeconds(5), commentId: "10041"), null), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(Delivery(Body("jira:issue_updated", "CC-42", now, commentId: null), null), Ct)).StatusCode);

        await using var db = database.Factory.CreateDbContext();
        Assert.Equal(4, await db.WebhookDeliveries.CountAsync(d => d.IssueKey == "CC-42", Ct));
        Assert.Equal(4, await db.WebhookDeliveries.Where(d => d.IssueKey == "CC-42").Select(d => d.BodyIdentity).Distinct().CountAsync(Ct));
    }

    [Fact]
    public async Task A_signed_body_older_than_the_retention_is_ignored_as_a_replay()
    {
        await using var jira = await FakeJiraServer.StartAsync();
        var settings = JiraTestHost.Settings(jira);
        settings["Webhooks:JiraSecret"] = Secret;
        settings["Webhooks:DeliveryRetention"] = "2.00:00:00";
        await using var app = new JiraQualityAppFactory(settings);
        var client = app.CreateClient();
        var now = TimeProvider.System.GetUtcNow();

        var stale = await client.SendAsync(Delivery(Body("jira:issue_updated", "CC-7", now.AddDays(-3), null), "old-delivery"), Ct);
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains("\"stale\":true", await stale.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(Delivery(Body("jira:issue_updated", "CC-7", now.AddDays(-1), null), "recent-delivery"), Ct)).StatusCode);

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>().CreateDbContextAsync(Ct);
        Assert.Equal(["recent-delivery"], await db.WebhookDeliveries.Select(d => d.Identifier).ToListAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_replays_of_one_body_store_one_delivery(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var inbox = new JiraWebhookInbox(database.Factory, TimeProvider.System);
        var identity = JiraWebhookInbox.BodyIdentityOf("jira:issue_updated", "CC-9", 1_780_000_000_000, null, []);

        var accepted = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => inbox.AcceptAsync(i % 2 == 0 ? null : $"replay-{i}", "CC-9", identity, Ct), Ct)));

        Assert.Single(accepted, a => a);
        await using var db = database.Factory.CreateDbContext();
        Assert.Equal(1, await db.WebhookDeliveries.CountAsync(Ct));
    }

    private static string Body(string webhookEvent, string issueKey, DateTimeOffset at, string? commentId) => JsonSerializer.Serialize(new
    {
        timestamp = at.ToUnixTimeMilliseconds(),
        webhookEvent,
        issue = new { id = "10001", key = issueKey },
        comment = commentId is null ? null : new { id = commentId },
    });

    private static HttpRequestMessage Delivery(string body, string? identifier)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/jira") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation(
            "X-Hub-Signature",
            "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body))));
        if (identifier is not null)
        {
            request.Headers.Add("X-Atlassian-Webhook-Identifier", identifier);
        }

        return request;
    }

    private static async Task WaitForAsync(TestDatabase database, Func<WebhookDelivery, bool> condition, string what)
    {
        for (var i = 0; i < 600; i++)
        {
            await using var db = database.Factory.CreateDbContext();
            if ((await db.WebhookDeliveries.AsNoTracking().ToListAsync(Ct)).Any(condition))
            {
                return;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Fail("Timed out waiting for " + what);
    }
}
