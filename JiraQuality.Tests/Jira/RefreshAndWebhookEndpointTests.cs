using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Jira.Webhooks;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using JiraQuality.Web.Features.Jira;

namespace JiraQuality.Tests.Jira;

public sealed class RefreshAndWebhookEndpointTests
{
    private const string CronSecret = "cron-secret-öß-123";
    private const string WebhookSecret = "webhook-secret-456";

    private static (JiraQualityAppFactory Root, Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> App) CreateApp(
        RecordingJobQueue queue, IDictionary<string, string?> settings, ITicketIngestor? ingestor = null)
    {
        var root = new JiraQualityAppFactory(settings);
        var app = root.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IJobQueue>(queue);
            if (ingestor is not null)
            {
                services.AddSingleton(ingestor);
            }
        }));
        return (root, app);
    }

    [Fact]
    public async Task Cron_refresh_accepts_the_secret_as_bearer_header_or_query_and_queues_the_refresh_job()
    {
        var queue = new RecordingJobQueue();
        var (root, app) = CreateApp(queue, new Dictionary<string, string?> { ["Refresh:CronSecret"] = CronSecret });
        await using var _ = root;
        await using var __ = app;
        var client = app.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/cron/refresh");
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CronSecret);
        using var header = new HttpRequestMessage(HttpMethod.Get, "/api/cron/refresh");
        header.Headers.Add("x-cron-secret", CronSecret);
        var responses = new[]
        {
            await client.SendAsync(bearer, ct),
            await client.SendAsync(header, ct),
            await client.GetAsync("/api/cron/refresh?token=" + Uri.EscapeDataString(CronSecret), ct),
        };

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var job = await response.Content.ReadFromJsonAsync<JobSnapshot>(ct);
            Assert.Equal(JobKinds.Refresh, job!.Kind);
            Assert.Equal(JobStates.Queued, job.State);
            Assert.Equal($"/api/jobs/{job.Id}", response.Headers.Location!.OriginalString);
        }

        Assert.Equal(3, queue.Requests.Count);
        Assert.All(queue.Requests, r => Assert.Equal((JobKinds.Refresh, JobRequesters.Cron), (r.Kind, r.RequestedBy)));
    }

    [Fact]
    public async Task Cron_refresh_refuses_a_wrong_or_missing_secret_and_says_so_when_none_is_configured()
    {
        var queue = new RecordingJobQueue();
        var (root, app) = CreateApp(queue, new Dictionary<string, string?> { ["Refresh:CronSecret"] = CronSecret });
        await using var _ = root;
        await using var __ = app;
        var client = app.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        using var wrongBearer = new HttpRequestMessage(HttpMethod.Get, "/api/cron/refresh");
        wrongBearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CronSecret + "x");
        using var wrongHeader = new HttpRequestMessage(HttpMethod.Get, "/api/cron/refresh");
        wrongHeader.Headers.Add("x-cron-secret", CronSecret[..^1]);
        using var rawAuthorization = new HttpRequestMessage(HttpMethod.Get, "/api/cron/refresh");
        rawAuthorization.Headers.TryAddWithoutValidation("Authorization", "Basic " + CronSecret);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrongBearer, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrongHeader, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(rawAuthorization, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/cron/refresh?token=nope", ct)).StatusCode);
        var missing = await client.GetAsync("/api/cron/refresh", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/api/refresh-data", null, ct)).StatusCode);
        Assert.Empty(queue.Requests);

        var (unconfiguredRoot, unconfigured) = CreateApp(queue, new Dictionary<string, string?> { ["Refresh:CronSecret"] = "" });
        await using var ___ = unconfiguredRoot;
        await using var ____ = unconfigured;
        var disabled = await unconfigured.CreateClient().GetAsync("/api/cron/refresh?token=anything", ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, disabled.StatusCode);
        Assert.Contains("REFRESH_CRON_SECRET", await disabled.Content.ReadAsStringAsync(ct));
        Assert.Empty(queue.Requests);
    }

    [Fact]
    public async Task Refresh_data_post_with_the_secret_queues_the_refresh_job()
    {
        var queue = new RecordingJobQueue();
        var (root, app) = CreateApp(queue, new Dictionary<string, string?> { ["Refresh:CronSecret"] = CronSecret });
        await using var _ = root;
        await using var __ = app;
        // A signed-in analyst or admin with the refresh secret: the bearer header is for API tokens, so the secret goes
        // in its own header.
        var client = app.CreateClient();
        await JiraQualityAppFactory.AddAntiforgeryAsync(client);
        client.DefaultRequestHeaders.Add(RefreshEndpoints.CronSecretHeader, CronSecret);

        var response = await client.PostAsync("/api/refresh-data", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var request = Assert.Single(queue.Requests);
        Assert.Equal(JobKinds.Refresh, request.Kind);
    }

    private static HttpRequestMessage Delivery(string body, string? signature, string identifier)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/jira") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Hub-Signature", signature);
        }

        request.Headers.Add("X-Atlassian-Webhook-Identifier", identifier);
        return request;
    }

    private static string Sign(string body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), "Timed out waiting for " + what);
    }

    [Fact]
    public async Task A_signed_webhook_re_fetches_the_issue_from_Jira_and_duplicates_and_bad_signatures_are_refused()
    {
        await using var jira = await FakeJiraServer.StartAsync();
        var updated = new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);
        jira.AddIssue("CC-42", updated, "my bike is stuck", "we unlocked it", "thanks");
        jira.AddIssue("CC-7", updated, "my lock is jammed");
        var queue = new RecordingJobQueue();
        var ingestor = new RecordingTicketIngestor();
        var settings = JiraTestHost.Settings(jira);
        settings["Webhooks:JiraSecret"] = WebhookSecret;
        var (root, app) = CreateApp(queue, settings, ingestor);
        await using var _ = root;
        await using var __ = app;
        var client = app.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        // The payload claims a different summary and no comments; only what Jira answers may be stored.
        var body = JsonSerializer.Serialize(new
        {
            timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(),
            webhookEvent = "comment_created",
            issue = new { key = "CC-42", fields = new { summary = "forged summary" } },
            comment = new { body = "forged" },
        });

        var accepted = await client.SendAsync(Delivery(body, Sign(body, WebhookSecret), "delivery-1"), ct);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await WaitForAsync(() => ingestor.Tickets.Count == 1 && queue.Requests.Count == 1, "the re-fetched ticket and the processing job");

        var ticket = ingestor.Tickets.Single();
        Assert.Equal("Summary of CC-42", ticket.Summary);
        Assert.Equal(["my bike is stuck", "we unlocked it", "thanks"], ticket.Comments.Select(c => c.Body));
        Assert.Equal("webhook", ticket.Source);
        Assert.Equal((JobKinds.Processing, JobRequesters.Webhook), (queue.Requests[0].Kind, queue.Requests[0].RequestedBy));
        Assert.Contains(jira.Requests, r => r.Path == "/rest/api/3/issue/CC-42");

        var duplicate = await client.SendAsync(Delivery(body, Sign(body, WebhookSecret), "delivery-1"), ct);
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Contains("\"duplicate\":true", await duplicate.Content.ReadAsStringAsync(ct));

        var wrongSecret = await client.SendAsync(Delivery(body, Sign(body, "other-secret"), "delivery-2"), ct);
        var tampered = await client.SendAsync(Delivery(body.Replace("CC-42", "CC-43", StringComparison.Ordinal), Sign(body, WebhookSecret), "delivery-3"), ct);
        var unsigned = await client.SendAsync(Delivery(body, null, "delivery-4"), ct);
        var wrongHeaderFormat = await client.SendAsync(Delivery(body, Sign(body, WebhookSecret).Replace("sha256=", "sha1=", StringComparison.Ordinal), "delivery-5"), ct);
        var notHex = await client.SendAsync(Delivery(body, "sha256=zz", "delivery-6"), ct);
        Assert.All([wrongSecret, tampered, unsigned, wrongHeaderFormat, notHex], r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));

        const string deleted = """{"webhookEvent":"jira:issue_deleted","issue":{"key":"CC-42"}}""";
        var ignored = await client.SendAsync(Delivery(deleted, Sign(deleted, WebhookSecret), "delivery-7"), ct);
        Assert.Equal(HttpStatusCode.OK, ignored.StatusCode);
        Assert.Contains("\"ignored\":true", await ignored.Content.ReadAsStringAsync(ct));

        // The worker drains deliveries in the order they were accepted: once one of another issue accepted after the
        // refused ones is stored, anything that slipped through would have been acted on too.
        var later = JsonSerializer.Serialize(new
        {
            timestamp = TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds(),
            webhookEvent = "comment_created",
            issue = new { key = "CC-7" },
        });
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(Delivery(later, Sign(later, WebhookSecret), "delivery-8"), ct)).StatusCode);
        await WaitForAsync(() => ingestor.Tickets.Any(t => t.IssueKey == "CC-7") && queue.Requests.Count >= 2, "the later delivery of another issue");
        Assert.Single(ingestor.Tickets, t => t.IssueKey == "CC-42");
        Assert.Equal(2, queue.Requests.Count);
        Assert.Single(jira.Requests, r => r.Path == "/rest/api/3/issue/CC-42");

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>().CreateDbContextAsync(ct);
        var stored = await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.IssueKey == "CC-42", ct);
        Assert.Equal(("delivery-1", "CC-42", WebhookDeliveryStates.Fetched), (stored.Identifier, stored.IssueKey, stored.State));
    }

    [Fact]
    public async Task Webhooks_are_refused_while_Jira_is_not_configured_and_nothing_is_stored()
    {
        var (root, app) = CreateApp(new RecordingJobQueue(), new Dictionary<string, string?> { ["Webhooks:JiraSecret"] = WebhookSecret });
        await using var _ = root;
        await using var __ = app;
        var ct = TestContext.Current.CancellationToken;
        const string body = """{"webhookEvent":"jira:issue_updated","issue":{"key":"CC-1"}}""";

        var response = await app.CreateClient().SendAsync(Delivery(body, Sign(body, WebhookSecret), "d-1"), ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("JIRA_BASE_URL", await response.Content.ReadAsStringAsync(ct));
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>().CreateDbContextAsync(ct);
        Assert.False(await db.WebhookDeliveries.AnyAsync(ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_delivery_accepted_before_a_restart_is_fetched_by_the_next_app_instance(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var jira = await FakeJiraServer.StartAsync();
        jira.AddIssue("CC-42", new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc), "my bike is stuck", "we unlocked it", "thanks");
        var settings = JiraTestHost.Settings(jira);
        settings["Webhooks:JiraSecret"] = WebhookSecret;
        settings["Webhooks:PollInterval"] = "00:00:01";
        settings["Database:Provider"] = provider.ToString();
        settings["ConnectionStrings:JiraQuality"] = database.Options.ConnectionString;
        var ct = TestContext.Current.CancellationToken;
        const string body = """{"webhookEvent":"comment_created","issue":{"key":"CC-42"}}""";

        // First instance: the fetch is held at Jira, then the app stops before it finishes.
        jira.HoldIssueRequests();
        await using (var first = new JiraQualityAppFactory(settings))
        {
            var accepted = await first.CreateClient().SendAsync(Delivery(body, Sign(body, WebhookSecret), "delivery-restart"), ct);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            await jira.IssueRequestHeld.WaitAsync(TimeSpan.FromSeconds(60), ct);
        }

        await using (var context = database.Factory.CreateDbContext())
        {
            var left = await context.WebhookDeliveries.AsNoTracking().SingleAsync(ct);
            Assert.Equal((WebhookDeliveryStates.Pending, 0, (DateTime?)null), (left.State, left.Attempts, left.FetchedAtUtc));
            Assert.False(await context.PreparedConversations.AnyAsync(ct));
        }

        // Second instance on the same database: no new webhook arrives, yet the ticket is fetched and stored.
        jira.ReleaseIssueRequests();
        await using var second = new JiraQualityAppFactory(settings);
        _ = second.Services;
        WebhookDelivery? delivery = null;
        for (var i = 0; i < 600 && delivery?.State != WebhookDeliveryStates.Fetched; i++)
        {
            await Task.Delay(100, ct);
            await using var context = database.Factory.CreateDbContext();
            delivery = await context.WebhookDeliveries.AsNoTracking().SingleAsync(ct);
        }

        Assert.Equal(WebhookDeliveryStates.Fetched, delivery!.State);
        Assert.NotNull(delivery.FetchedAtUtc);
        await using (var context = database.Factory.CreateDbContext())
        {
            var prepared = await context.PreparedConversations.AsNoTracking().SingleAsync(ct);
            Assert.Equal(("CC-42", "webhook"), (prepared.IssueKey, prepared.Source));
            Assert.Contains("we unlocked it", prepared.ThreadJson);
        }

        // The delivery is marked fetched before the pass queues processing, so the job may follow a moment later.
        var processingQueued = false;
        for (var i = 0; i < 600 && !processingQueued; i++)
        {
            await using var context = database.Factory.CreateDbContext();
            processingQueued = await context.JobRuns.AnyAsync(j => j.Kind == JobKinds.Processing && j.RequestedBy == JobRequesters.Webhook, ct);
            if (!processingQueued)
            {
                await Task.Delay(100, ct);
            }
        }

        Assert.True(processingQueued, "the fetched ticket queues a processing job");
    }

    [Fact]
    public async Task Webhooks_are_refused_while_no_secret_is_configured()
    {
        var (root, app) = CreateApp(new RecordingJobQueue(), new Dictionary<string, string?> { ["Webhooks:JiraSecret"] = "" });
        await using var _ = root;
        await using var __ = app;
        const string body = """{"webhookEvent":"jira:issue_updated","issue":{"key":"CC-1"}}""";

        var response = await app.CreateClient().SendAsync(Delivery(body, Sign(body, ""), "d-1"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Webhooks:JiraSecret", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Settings_page_renders_the_Jira_section_without_secrets()
    {
        var (root, app) = CreateApp(new RecordingJobQueue(), new Dictionary<string, string?>
        {
            ["Jira:BaseUrl"] = "https://example.atlassian.net",
            ["Jira:Email"] = "bot@example.com",
            ["Jira:ApiToken"] = "very-secret-token",
            ["Refresh:CronSecret"] = CronSecret,
        });
        await using var _ = root;
        await using var __ = app;

        var html = await app.CreateClient().GetStringAsync("/settings", TestContext.Current.CancellationToken);

        Assert.Contains("id=\"page-title\"", html);
        Assert.Contains("Jira Cloud", html);
        Assert.Contains("https://example.atlassian.net", html);
        Assert.Contains("/api/webhooks/jira", html);
        Assert.DoesNotContain("very-secret-token", html);
        Assert.DoesNotContain(CronSecret, html);
    }

    [Fact]
    public async Task Cron_refresh_through_the_real_job_runner_returns_a_job_that_api_jobs_knows()
    {
        await using var factory = new JiraQualityAppFactory(new Dictionary<string, string?> { ["Refresh:CronSecret"] = CronSecret });
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CronSecret);
        var ct = TestContext.Current.CancellationToken;

        var response = await client.GetAsync("/api/cron/refresh", ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var job = await response.Content.ReadFromJsonAsync<JobSnapshot>(ct);
        Assert.Equal((JobKinds.Refresh, JobRequesters.Cron), (job!.Kind, job.RequestedBy));
        // The cron secret is not an API token: reading the job back takes a signed-in user.
        var stored = await factory.CreateClient().GetAsync(response.Headers.Location!.OriginalString, ct);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Contains(job.Id.ToString(), await stored.Content.ReadAsStringAsync(ct));
    }
}
