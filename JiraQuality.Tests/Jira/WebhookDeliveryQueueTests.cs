using JiraQuality.Core.Jira;
using JiraQuality.Core.Jira.Webhooks;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JiraQuality.Tests.Jira;

/// <summary>The stored webhook queue on each provider: acceptance, collapsing, back-off, failure and restart.</summary>
public sealed class WebhookDeliveryQueueTests
{
    private static readonly DateTime Updated = new(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc);

    private static Dictionary<string, string?> FastRetries(int maxAttempts = 3) => new()
    {
        ["Webhooks:MaxFetchAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Webhooks:RetryBaseDelay"] = "00:00:00.050",
        ["Webhooks:RetryMaxDelay"] = "00:00:00.100",
        ["Webhooks:PollInterval"] = "00:00:00.200",
        ["Jira:MaxRetries"] = "1",
    };

    private static async Task<List<WebhookDelivery>> DeliveriesAsync(TestDatabase db)
    {
        await using var context = db.Factory.CreateDbContext();
        return await context.WebhookDeliveries.AsNoTracking().OrderBy(d => d.Identifier).ToListAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<WebhookDelivery> WaitForDeliveryAsync(TestDatabase db, string identifier, Func<WebhookDelivery, bool> condition, string what)
    {
        WebhookDelivery? row = null;
        for (var i = 0; i < 600; i++)
        {
            row = (await DeliveriesAsync(db)).SingleOrDefault(d => d.Identifier == identifier);
            if (row is not null && condition(row))
            {
                return row;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"Timed out waiting for {what}; last row: state {row?.State}, attempts {row?.Attempts}, error {row?.LastError}");
        return row!;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deliveries_are_stored_pending_and_a_repeated_identifier_is_a_duplicate(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var jira = await FakeJiraServer.StartAsync();
        await using var services = JiraTestHost.Build(jira, db.Factory, new RecordingTicketIngestor());
        var inbox = services.GetRequiredService<JiraWebhookInbox>();
        var ct = TestContext.Current.CancellationToken;

        Assert.True(await inbox.AcceptAsync("delivery-1", "CC-1", ct));
        Assert.False(await inbox.AcceptAsync("delivery-1", "CC-1", ct));
        Assert.True(await inbox.AcceptAsync(null, "CC-1", ct));

        var rows = await DeliveriesAsync(db);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal((WebhookDeliveryStates.Pending, 0, "CC-1"), (r.State, r.Attempts, r.IssueKey)));
        Assert.All(rows, r => Assert.Equal(r.ReceivedAtUtc, r.NextAttemptAtUtc));
        Assert.Contains(rows, r => r.Identifier.StartsWith(JiraWebhookInbox.LocalIdentifierPrefix, StringComparison.Ordinal));

        // Accepting never calls Jira: the fetch is the worker's.
        Assert.Empty(jira.Requests);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Several_deliveries_for_one_issue_cause_one_fetch_and_one_processing_request(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var jira = await FakeJiraServer.StartAsync();
        jira.AddIssue("CC-1", Updated, "my bike is stuck", "we unlocked it");
        jira.AddIssue("CC-2", Updated, "refund please");
        var ingestor = new RecordingTicketIngestor();
        var queue = new RecordingJobQueue();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor, configure: s => s.AddSingleton<IJobQueue>(queue));
        var inbox = services.GetRequiredService<JiraWebhookInbox>();
        var refetcher = services.GetRequiredService<JiraWebhookRefetcher>();
        var ct = TestContext.Current.CancellationToken;
        foreach (var (identifier, key) in new[] { ("d-1", "CC-1"), ("d-2", "CC-1"), ("d-3", "CC-1"), ("d-4", "CC-2") })
        {
            Assert.True(await inbox.AcceptAsync(identifier, key, ct));
        }

        var result = await refetcher.DrainAsync(ct);

        Assert.Equal((2, 4, 0, 0), (result.IssuesFetched, result.DeliveriesFetched, result.DeliveriesRetrying, result.DeliveriesFailed));
        Assert.Null(result.NextDueUtc);
        Assert.Single(jira.Requests, r => r.Path == "/rest/api/3/issue/CC-1");
        Assert.Single(jira.Requests, r => r.Path == "/rest/api/3/issue/CC-2");
        Assert.Single(jira.Requests, r => r.Path == "/rest/api/3/field");
        Assert.Equal(["CC-1", "CC-2"], ingestor.Tickets.Select(t => t.IssueKey).Order(StringComparer.Ordinal));
        Assert.Equal(["my bike is stuck", "we unlocked it"], ingestor.Tickets.Single(t => t.IssueKey == "CC-1").Comments.Select(c => c.Body));
        Assert.All(ingestor.Tickets, t => Assert.Equal("webhook", t.Source));
        var processing = Assert.Single(queue.Requests);
        Assert.Equal((JobKinds.Processing, JobRequesters.Webhook), (processing.Kind, processing.RequestedBy));

        var rows = await DeliveriesAsync(db);
        Assert.All(rows, r => Assert.Equal(WebhookDeliveryStates.Fetched, r.State));
        Assert.All(rows, r => Assert.NotNull(r.FetchedAtUtc));
        Assert.All(rows, r => Assert.Null(r.LastError));

        // Nothing is left: a second pass fetches nothing, and an unchanged thread queues no processing.
        var again = await refetcher.DrainAsync(ct);
        Assert.Equal(0, again.IssuesFetched);
        Assert.Single(jira.Requests, r => r.Path == "/rest/api/3/issue/CC-1");
        Assert.True(await inbox.AcceptAsync("d-5", "CC-1", ct));
        Assert.Equal(1, (await refetcher.DrainAsync(ct)).IssuesFetched);
        Assert.Equal(2, jira.Requests.Count(r => r.Path == "/rest/api/3/issue/CC-1"));
        Assert.Single(queue.Requests);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failing_Jira_marks_the_delivery_failed_after_the_bounded_attempts_with_the_error_kept(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var jira = await FakeJiraServer.StartAsync();
        jira.AddIssue("CC-9", Updated, "hello");
        jira.FailNext("/rest/api/3/issue/CC-9", 503, times: 1000, headers: new Dictionary<string, string> { ["Retry-After"] = "0" });
        var ingestor = new RecordingTicketIngestor();
        var queue = new RecordingJobQueue();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor, FastRetries(maxAttempts: 3), configure: s => s.AddSingleton<IJobQueue>(queue));
        var inbox = services.GetRequiredService<JiraWebhookInbox>();
        var refetcher = services.GetRequiredService<JiraWebhookRefetcher>();
        var ct = TestContext.Current.CancellationToken;
        Assert.True(await inbox.AcceptAsync("d-9", "CC-9", ct));

        var first = await refetcher.DrainAsync(ct);

        Assert.Equal((0, 1, 0), (first.DeliveriesFetched, first.DeliveriesRetrying, first.DeliveriesFailed));
        var afterFirst = Assert.Single(await DeliveriesAsync(db));
        Assert.Equal((WebhookDeliveryStates.Pending, 1), (afterFirst.State, afterFirst.Attempts));
        Assert.Contains("503", afterFirst.LastError);
        Assert.True(afterFirst.NextAttemptAtUtc > afterFirst.ReceivedAtUtc, "a failed fetch waits before the next attempt");
        Assert.Equal(afterFirst.NextAttemptAtUtc, first.NextDueUtc);

        // Each later pass tries again once the back-off has run out, until the attempts are used up.
        for (var i = 0; i < 600 && (await DeliveriesAsync(db)).Single().State == WebhookDeliveryStates.Pending; i++)
        {
            await refetcher.DrainAsync(ct);
            await Task.Delay(20, ct);
        }

        var failed = Assert.Single(await DeliveriesAsync(db));
        Assert.Equal((WebhookDeliveryStates.Failed, 3), (failed.State, failed.Attempts));
        Assert.Contains("503", failed.LastError);
        Assert.Null(failed.FetchedAtUtc);
        Assert.Empty(ingestor.Tickets);
        Assert.Empty(queue.Requests);

        // A failed delivery is not tried again.
        var requestsWhenFailed = jira.Requests.Count(r => r.Path == "/rest/api/3/issue/CC-9");
        Assert.Equal(0, (await refetcher.DrainAsync(ct)).IssuesFetched);
        Assert.Equal(requestsWhenFailed, jira.Requests.Count(r => r.Path == "/rest/api/3/issue/CC-9"));

        await using var context = db.Factory.CreateDbContext();
        var counts = await JiraWebhookRefetcher.CountAsync(context, ct);
        Assert.Equal((0, 1), (counts.Pending, counts.Failed));
        Assert.Contains("503", counts.LastError);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_delivery_left_pending_while_Jira_was_unreachable_is_fetched_by_the_next_instance_at_start_up(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var jira = await FakeJiraServer.StartAsync();
        jira.AddIssue("CC-7", Updated, "the dock is broken", "a technician is on the way");
        var ct = TestContext.Current.CancellationToken;

        // First instance: Jira answers 503 to every issue request, so the delivery stays pending.
        jira.FailNext("/rest/api/3/issue/", 503, times: 1000, headers: new Dictionary<string, string> { ["Retry-After"] = "0" });
        await using (var first = JiraTestHost.Build(jira, db.Factory, new RecordingTicketIngestor(), FastRetries(maxAttempts: 50)))
        {
            Assert.True(await first.GetRequiredService<JiraWebhookInbox>().AcceptAsync("d-7", "CC-7", ct));
            await first.GetRequiredService<JiraWebhookRefetcher>().DrainAsync(ct);
        }

        var left = Assert.Single(await DeliveriesAsync(db));
        Assert.Equal((WebhookDeliveryStates.Pending, 1), (left.State, left.Attempts));

        // Second instance on the same database, Jira back: its worker picks the delivery up without any new webhook.
        jira.ClearFaults();
        var ingestor = new RecordingTicketIngestor();
        var queue = new RecordingJobQueue();
        await using var second = JiraTestHost.Build(jira, db.Factory, ingestor, FastRetries(maxAttempts: 50), configure: s => s.AddSingleton<IJobQueue>(queue));
        var worker = second.GetServices<IHostedService>().OfType<JiraWebhookWorker>().Single();
        await worker.StartAsync(ct);
        try
        {
            var fetched = await WaitForDeliveryAsync(db, "d-7", d => d.State == WebhookDeliveryStates.Fetched, "the second instance to fetch the delivery");
            Assert.NotNull(fetched.FetchedAtUtc);
            Assert.Null(fetched.LastError);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }

        var ticket = Assert.Single(ingestor.Tickets);
        Assert.Equal(["the dock is broken", "a technician is on the way"], ticket.Comments.Select(c => c.Body));
        Assert.Equal((JobKinds.Processing, JobRequesters.Webhook), (queue.Requests.Single().Kind, queue.Requests.Single().RequestedBy));
    }

    private static async Task AddPendingAsync(TestDatabase db, string identifier, string issueKey, DateTime? claimedUntilUtc)
    {
        var received = TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-1);
        await using var context = db.Factory.CreateDbContext();
        context.WebhookDeliveries.Add(new WebhookDelivery
        {
            Identifier = identifier,
            IssueKey = issueKey,
            State = WebhookDeliveryStates.Pending,
            ReceivedAtUtc = received,
            NextAttemptAtUtc = received,
            ClaimedUntilUtc = claimedUntilUtc,
        });
        await context.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_delivery_another_instance_is_fetching_is_left_alone_until_its_lease_runs_out(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var jira = await FakeJiraServer.StartAsync();
        jira.AddIssue("CC-1", Updated, "one");
        jira.AddIssue("CC-2", Updated, "two");
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        await AddPendingAsync(db, "live", "CC-1", now.AddMinutes(10));
        await AddPendingAsync(db, "expired", "CC-2", now.AddMinutes(-1));
        await using var services = JiraTestHost.Build(jira, db.Factory, new RecordingTicketIngestor());

        var result = await services.GetRequiredService<JiraWebhookRefetcher>().DrainAsync(TestContext.Current.CancellationToken);

        Assert.Equal(1, result.IssuesFetched);
        Assert.DoesNotContain(jira.Requests, r => r.Path.StartsWith("/rest/api/3/issue/CC-1", StringComparison.Ordinal));
        var rows = await DeliveriesAsync(db);
        var live = rows.Single(r => r.Identifier == "live");
        var expired = rows.Single(r => r.Identifier == "expired");
        Assert.Equal(WebhookDeliveryStates.Pending, live.State);
        Assert.NotNull(live.ClaimedUntilUtc);
        Assert.Equal((WebhookDeliveryStates.Fetched, (DateTime?)null), (expired.State, expired.ClaimedUntilUtc));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_claim_left_by_a_run_that_died_mid_fetch_is_dropped_at_start_up_only_on_SQLite(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var jira = await FakeJiraServer.StartAsync();
        jira.AddIssue("CC-3", Updated, "three");
        await AddPendingAsync(db, "orphan", "CC-3", TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(10));
        await using var services = JiraTestHost.Build(jira, db.Factory, new RecordingTicketIngestor());
        var refetcher = services.GetRequiredService<JiraWebhookRefetcher>();
        var ct = TestContext.Current.CancellationToken;

        var freed = await refetcher.RecoverClaimsAsync(ct);
        var result = await refetcher.DrainAsync(ct);

        // SQLite has one process, so the claim can only be a dead run's; on PostgreSQL it may be a live instance's.
        var onSqlite = provider == DatabaseProvider.Sqlite;
        Assert.Equal(onSqlite ? 1 : 0, freed);
        Assert.Equal(onSqlite ? 1 : 0, result.IssuesFetched);
        Assert.Equal(onSqlite ? WebhookDeliveryStates.Fetched : WebhookDeliveryStates.Pending, (await DeliveriesAsync(db)).Single().State);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Old_fetched_and_failed_deliveries_are_pruned_and_pending_ones_are_kept(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var jira = await FakeJiraServer.StartAsync();
        await using var services = JiraTestHost.Build(jira, db.Factory, new RecordingTicketIngestor(), new Dictionary<string, string?> { ["Webhooks:DeliveryRetention"] = "1.00:00:00" });
        var ct = TestContext.Current.CancellationToken;
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        await using (var context = db.Factory.CreateDbContext())
        {
            WebhookDelivery Row(string id, string state, TimeSpan age) => new()
            {
                Identifier = id,
                IssueKey = "CC-1",
                State = state,
                ReceivedAtUtc = now - age,
                NextAttemptAtUtc = now + TimeSpan.FromDays(1),
            };

            context.WebhookDeliveries.AddRange(
                Row("old-fetched", WebhookDeliveryStates.Fetched, TimeSpan.FromDays(2)),
                Row("old-failed", WebhookDeliveryStates.Failed, TimeSpan.FromDays(2)),
                Row("old-pending", WebhookDeliveryStates.Pending, TimeSpan.FromDays(2)),
                Row("recent-fetched", WebhookDeliveryStates.Fetched, TimeSpan.FromHours(12)));
            await context.SaveChangesAsync(ct);
        }

        var pruned = await services.GetRequiredService<JiraWebhookRefetcher>().PruneAsync(ct);

        Assert.Equal(2, pruned);
        Assert.Equal(["old-pending", "recent-fetched"], (await DeliveriesAsync(db)).Select(d => d.Identifier));

        // The de-duplication window still covers the recent delivery.
        Assert.False(await services.GetRequiredService<JiraWebhookInbox>().AcceptAsync("recent-fetched", "CC-1", ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Deliveries_stored_before_the_queue_existed_stay_duplicates_and_are_not_fetched_after_the_upgrade(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider, migrate: false);
        var ct = TestContext.Current.CancellationToken;
        var received = TimeProvider.System.GetUtcNow().UtcDateTime.AddHours(-1);
        await using (var context = db.Factory.CreateDbContext())
        {
            var migrator = context.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
            await migrator.MigrateAsync(context.Database.GetMigrations().First(), ct);
            await context.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO webhook_deliveries (identifier, received_at_utc, issue_key) VALUES ('before-upgrade', {received}, 'CC-1')", ct);
        }

        await db.Factory.MigrateAsync(ct);

        var row = Assert.Single(await DeliveriesAsync(db));
        Assert.Equal(("before-upgrade", WebhookDeliveryStates.Fetched, 0), (row.Identifier, row.State, row.Attempts));
        await using var jira = await FakeJiraServer.StartAsync();
        await using var services = JiraTestHost.Build(jira, db.Factory, new RecordingTicketIngestor());
        Assert.Equal(0, (await services.GetRequiredService<JiraWebhookRefetcher>().DrainAsync(ct)).IssuesFetched);
        Assert.False(await services.GetRequiredService<JiraWebhookInbox>().AcceptAsync("before-upgrade", "CC-1", ct));
        Assert.Empty(jira.Requests);
    }

    [Fact]
    public async Task A_retention_shorter_than_Jira_retries_deliveries_is_refused_with_the_setting_named()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var jira = await FakeJiraServer.StartAsync();
        await using var services = JiraTestHost.Build(jira, db.Factory, null, new Dictionary<string, string?> { ["Webhooks:DeliveryRetention"] = "00:30:00" });

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WebhookOptions>>().Value);

        Assert.Contains("Webhooks:DeliveryRetention", error.Message);
    }

    [Fact]
    public void Retry_delays_double_from_the_base_up_to_the_cap()
    {
        var options = new WebhookOptions { RetryBaseDelay = TimeSpan.FromSeconds(30), RetryMaxDelay = TimeSpan.FromMinutes(3) };

        Assert.Equal(
            [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(3)],
            Enumerable.Range(1, 5).Select(options.RetryDelay));
        Assert.Equal(TimeSpan.FromMinutes(3), options.RetryDelay(int.MaxValue));
    }
}
