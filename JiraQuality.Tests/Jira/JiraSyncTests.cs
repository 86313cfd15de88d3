using JiraQuality.Core.Jira.Client;
using JiraQuality.Core.Jira.Sync;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Jira;

public sealed class JiraSyncTests
{
    private static readonly DateTime Base = new(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);

    private static async Task<FakeJiraServer> JiraWithFiveIssuesAsync()
    {
        var jira = await FakeJiraServer.StartAsync();
        for (var i = 1; i <= 5; i++)
        {
            var issue = jira.AddIssue($"CC-{i}", Base.AddHours(i), $"customer asks {i}", $"agent answers {i}", $"customer thanks {i}");
            issue.CustomFields["customfield_10002"] = System.Text.Json.Nodes.JsonNode.Parse("""{"value":"Billing"}""");
        }

        return jira;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task First_sync_pages_through_every_issue_with_its_comments_and_stores_the_checkpoint(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var jira = await JiraWithFiveIssuesAsync();
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor);
        var progress = new RecordingProgress();

        var result = await services.GetRequiredService<JiraSyncService>().SyncAsync(new JiraSyncRequest(), progress, TestContext.Current.CancellationToken);

        Assert.Equal(5, result.Fetched);
        Assert.Equal(5, result.Created);
        Assert.Equal(3, result.Pages);
        Assert.Equal([2, 2, 1], ingestor.Batches.Select(b => b.Count));
        Assert.Equal(["CC-1", "CC-2", "CC-3", "CC-4", "CC-5"], ingestor.Tickets.Select(t => t.IssueKey));
        var ticket = ingestor.Tickets[2];
        Assert.Equal(["customer asks 3", "agent answers 3", "customer thanks 3"], ticket.Comments.Select(c => c.Body));
        Assert.Equal(["customer", "atlassian", "customer"], ticket.Comments.Select(c => c.AuthorAccountType));
        Assert.Equal("Billing", ticket.CustomFields["contact_reason"]);
        Assert.Equal("jira", ticket.Source);

        var searches = jira.SearchRequests;
        Assert.Equal(3, searches.Count);
        Assert.All(searches, s => Assert.Equal("project = \"CC\" AND statusCategory = \"Done\" ORDER BY updated ASC, key ASC", s.Json["jql"]!.GetValue<string>()));
        var fields = searches[0].Json["fields"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        Assert.Contains("summary", fields);
        Assert.Contains("updated", fields);
        Assert.Contains("customfield_10001", fields);
        Assert.Contains("customfield_10002", fields);
        Assert.Contains("customfield_10003", fields);
        Assert.DoesNotContain("comment", fields);
        Assert.All(jira.Requests, r => Assert.Equal(FakeJiraServer.ExpectedAuthorization, r.Authorization));
        Assert.DoesNotContain(jira.Requests, r => r.Path == "/rest/api/3/search");

        var checkpoint = await JiraTestHost.CheckpointAsync(db);
        Assert.NotNull(checkpoint);
        Assert.Equal(Base.AddHours(5), checkpoint.UpdatedCursorUtc);
        Assert.Equal("CC-5", checkpoint.LastIssueKey);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Second_sync_starts_at_the_checkpoint_and_fetches_an_updated_ticket_again(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var jira = await JiraWithFiveIssuesAsync();
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor);
        var sync = services.GetRequiredService<JiraSyncService>();
        await sync.SyncAsync(new JiraSyncRequest(), new RecordingProgress(), TestContext.Current.CancellationToken);
        var firstRunBatches = ingestor.Batches.Count;
        var cc5CommentReads = jira.Requests.Count(r => r.Path == "/rest/api/3/issue/CC-5/comment");

        // After the first sync, CC-2 gets a new customer reply and CC-6 is closed.
        var later = Base.AddHours(8);
        var cc2 = jira.Issue("CC-2");
        cc2.AddComment("still broken, please help", later, customer: true);
        cc2.UpdatedUtc = later;
        jira.AddIssue("CC-6", later.AddMinutes(10), "new ticket");

        var result = await sync.SyncAsync(new JiraSyncRequest(), new RecordingProgress(), TestContext.Current.CancellationToken);

        var secondSearch = jira.SearchRequests.Skip(3).First();
        Assert.Equal("project = \"CC\" AND statusCategory = \"Done\" AND updated >= \"2026-11-20 13:55\" ORDER BY updated ASC, key ASC", secondSearch.Json["jql"]!.GetValue<string>());
        var secondRun = ingestor.Batches.Skip(firstRunBatches).SelectMany(b => b).Select(t => t.IssueKey).ToList();
        // CC-5 comes back in the overlap unchanged and is passed over without fetching its comments again.
        Assert.Equal(["CC-2", "CC-6"], secondRun);
        Assert.Equal("still broken, please help", ingestor.Tickets.Last(t => t.IssueKey == "CC-2").Comments[^1].Body);
        Assert.Equal(1, result.Skipped);
        Assert.Equal(0, result.Unchanged);
        Assert.Equal(cc5CommentReads, jira.Requests.Count(r => r.Path == "/rest/api/3/issue/CC-5/comment"));
        Assert.Equal(1, result.Created);
        Assert.Equal(1, result.Updated);
        var checkpoint = await JiraTestHost.CheckpointAsync(db);
        Assert.Equal(later.AddMinutes(10), checkpoint!.UpdatedCursorUtc);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Dry_run_counts_without_fetching_comments_or_writing_anything(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var jira = await JiraWithFiveIssuesAsync();
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor);

        var result = await services.GetRequiredService<JiraSyncService>().SyncAsync(new JiraSyncRequest { DryRun = true }, new RecordingProgress(), TestContext.Current.CancellationToken);

        Assert.True(result.DryRun);
        Assert.Equal(5, result.Fetched);
        Assert.Empty(ingestor.Batches);
        Assert.DoesNotContain(jira.Requests, r => r.Path.EndsWith("/comment", StringComparison.Ordinal));
        Assert.All(jira.SearchRequests, s => Assert.Equal(["updated"], s.Json["fields"]!.AsArray().Select(f => f!.GetValue<string>())));
        await using var context = db.Factory.CreateDbContext();
        Assert.Equal(0, await context.SyncCheckpoints.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Max_issues_caps_a_run_and_the_next_run_continues_from_there()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var jira = await JiraWithFiveIssuesAsync();
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor);
        var sync = services.GetRequiredService<JiraSyncService>();

        var capped = await sync.SyncAsync(new JiraSyncRequest { MaxIssues = 3 }, new RecordingProgress(), TestContext.Current.CancellationToken);

        Assert.Equal(3, capped.Fetched);
        Assert.Equal(["CC-1", "CC-2", "CC-3"], ingestor.Tickets.Select(t => t.IssueKey));
        Assert.Equal([2, 1], jira.SearchRequests.Select(s => s.Json["maxResults"]!.GetValue<int>()));
        Assert.Equal(Base.AddHours(3), (await JiraTestHost.CheckpointAsync(db))!.UpdatedCursorUtc);

        var rest = await sync.SyncAsync(new JiraSyncRequest(), new RecordingProgress(), TestContext.Current.CancellationToken);

        Assert.Equal(2, rest.Created);
        Assert.Equal(Base.AddHours(5), (await JiraTestHost.CheckpointAsync(db))!.UpdatedCursorUtc);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failure_mid_sync_leaves_the_checkpoint_at_the_last_committed_page(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var jira = await JiraWithFiveIssuesAsync();
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor);
        jira.FailNext("/rest/api/3/search/jql", 400, afterPassing: 1);

        await Assert.ThrowsAsync<JiraApiException>(() =>
            services.GetRequiredService<JiraSyncService>().SyncAsync(new JiraSyncRequest(), new RecordingProgress(), TestContext.Current.CancellationToken));

        Assert.Equal(["CC-1", "CC-2"], ingestor.Tickets.Select(t => t.IssueKey));
        Assert.Equal(Base.AddHours(2), (await JiraTestHost.CheckpointAsync(db))!.UpdatedCursorUtc);
    }

    [Fact]
    public async Task A_ticket_whose_comments_fail_is_not_stored_empty_later_tickets_are_and_the_checkpoint_stays_before_it()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var jira = await JiraWithFiveIssuesAsync();
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor);
        var sync = services.GetRequiredService<JiraSyncService>();
        jira.FailNext("/rest/api/3/issue/CC-3/comment", 403);

        var result = await sync.SyncAsync(new JiraSyncRequest(), new RecordingProgress(), TestContext.Current.CancellationToken);

        Assert.Equal(1, result.Failed);
        Assert.Contains(result.Warnings, w => w.StartsWith("CC-3:", StringComparison.Ordinal));
        Assert.Equal(["CC-1", "CC-2", "CC-4", "CC-5"], ingestor.Tickets.Select(t => t.IssueKey));
        Assert.Equal(Base.AddHours(3), (await JiraTestHost.CheckpointAsync(db))!.UpdatedCursorUtc);

        var retry = await sync.SyncAsync(new JiraSyncRequest(), new RecordingProgress(), TestContext.Current.CancellationToken);

        Assert.Equal(0, retry.Failed);
        Assert.Equal(1, retry.Created);
        Assert.Equal(2, retry.Skipped);
        Assert.Equal(0, retry.Unchanged);
        Assert.Contains(ingestor.Tickets, t => t.IssueKey == "CC-3" && t.Comments.Count == 3);
        Assert.Equal(Base.AddHours(5), (await JiraTestHost.CheckpointAsync(db))!.UpdatedCursorUtc);
    }

    [Fact]
    public async Task Force_full_refresh_ignores_the_checkpoint_and_unchanged_tickets_stay_unchanged()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var jira = await JiraWithFiveIssuesAsync();
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor);
        var sync = services.GetRequiredService<JiraSyncService>();
        await sync.SyncAsync(new JiraSyncRequest(), new RecordingProgress(), TestContext.Current.CancellationToken);

        var full = await sync.SyncAsync(new JiraSyncRequest { ForceFullRefresh = true, StartDate = new DateOnly(2026, 11, 1), EndDate = new DateOnly(2026, 12, 1) }, new RecordingProgress(), TestContext.Current.CancellationToken);

        Assert.Equal(5, full.Fetched);
        Assert.Equal(5, full.Unchanged);
        Assert.Equal(
            "project = \"CC\" AND statusCategory = \"Done\" AND updated >= \"2026-11-01 00:00\" AND updated < \"2026-12-01 00:00\" ORDER BY updated ASC, key ASC",
            jira.SearchRequests[^1].Json["jql"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_jql_override_runs_as_given_and_leaves_the_checkpoint_alone()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var jira = await JiraWithFiveIssuesAsync();
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor);

        var result = await services.GetRequiredService<JiraSyncService>().SyncAsync(
            new JiraSyncRequest { Jql = "project = CC AND updated >= \"2026-11-20 13:00\" ORDER BY updated ASC" }, new RecordingProgress(), TestContext.Current.CancellationToken);

        Assert.Equal(["CC-4", "CC-5"], ingestor.Tickets.Select(t => t.IssueKey));
        Assert.Null(result.CheckpointUtc);
        Assert.Null(await JiraTestHost.CheckpointAsync(db));
    }

    [Fact]
    public async Task Service_desk_SLA_cycles_and_CSAT_are_kept_beside_the_ticket_when_asked_for()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var jira = await FakeJiraServer.StartAsync();
        var request = jira.AddIssue("CC-1", Base, "help");
        jira.AddIssue("CC-2", Base.AddMinutes(1), "not a service request");
        request.Sla = System.Text.Json.Nodes.JsonNode.Parse("""
            {"values":[{"name":"Time to first response",
              "completedCycles":[{"breached":true,"elapsedTime":{"millis":5400000}}]},
             {"name":"Time to resolution","ongoingCycle":{"breached":false,"elapsedTime":{"millis":60000}}}]}
            """)!.AsObject();
        request.Feedback = System.Text.Json.Nodes.JsonNode.Parse("""{"type":"csat","rating":4,"comment":{"body":"quick help"}}""")!.AsObject();
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor, new Dictionary<string, string?> { ["Jira:IncludeServiceDeskData"] = "true" });

        await services.GetRequiredService<JiraSyncService>().SyncAsync(new JiraSyncRequest(), new RecordingProgress(), TestContext.Current.CancellationToken);

        var fields = ingestor.Tickets.Single(t => t.IssueKey == "CC-1").CustomFields;
        Assert.Equal("true", fields["jsm_sla_time_to_first_response_breached"]);
        Assert.Equal("90", fields["jsm_sla_time_to_first_response_elapsed_minutes"]);
        Assert.Equal("false", fields["jsm_sla_time_to_resolution_breached"]);
        Assert.Equal("4", fields["jsm_csat_rating"]);
        Assert.Equal("4", fields["satisfaction_rating"]);
        Assert.Equal("quick help", fields["jsm_csat_comment"]);
        Assert.DoesNotContain(ingestor.Tickets.Single(t => t.IssueKey == "CC-2").CustomFields.Keys, k => k.StartsWith("jsm_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Comment_fetches_overlap_but_never_beyond_the_configured_concurrency()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var jira = await FakeJiraServer.StartAsync();
        for (var i = 1; i <= 12; i++)
        {
            jira.AddIssue($"CC-{i}", Base.AddMinutes(i), "question");
        }

        jira.CommentDelay = TimeSpan.FromMilliseconds(150);
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor, new Dictionary<string, string?> { ["Jira:CommentConcurrency"] = "3" }, pageSize: 12);

        var result = await services.GetRequiredService<JiraSyncService>().SyncAsync(new JiraSyncRequest(), new RecordingProgress(), TestContext.Current.CancellationToken);

        Assert.Equal(12, result.Created);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"CC-{i}"), ingestor.Tickets.Select(t => t.IssueKey));
        Assert.InRange(jira.MaxConcurrentCommentRequests, 2, 3);
    }

    [Fact]
    public void Generated_JQL_speaks_the_API_user_time_zone_and_quotes_values()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        var jql = JiraSyncService.BuildJql("C\"C", "Done", new DateTime(2026, 11, 20, 9, 7, 59, DateTimeKind.Utc), new DateTime(2026, 7, 1, 22, 0, 0, DateTimeKind.Utc), berlin);

        Assert.Equal(
            "project = \"C\\\"C\" AND statusCategory = \"Done\" AND updated >= \"2026-11-20 10:07\" AND updated < \"2026-07-02 00:00\" ORDER BY updated ASC, key ASC",
            jql);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task With_the_real_ingestor_a_changed_thread_is_stored_again_and_marked_for_processing(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var jira = await JiraWithFiveIssuesAsync();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor: null, configure: s => JiraQuality.Core.Agents.AgentsModule.AddAgents(JiraQuality.Core.Ingestion.IngestionModule.AddIngestion(s)));
        var sync = services.GetRequiredService<JiraSyncService>();

        var first = await sync.SyncAsync(new JiraSyncRequest(), new RecordingProgress(), TestContext.Current.CancellationToken);
        await ScoredState.MarkScoredAsync(db.Factory);

        var cc2 = jira.Issue("CC-2");
        cc2.AddComment("it broke again", Base.AddHours(8), customer: true);
        cc2.UpdatedUtc = Base.AddHours(8);
        var second = await sync.SyncAsync(new JiraSyncRequest(), new RecordingProgress(), TestContext.Current.CancellationToken);

        Assert.Equal(5, first.Created);
        Assert.Equal(1, second.Updated);
        Assert.Equal(1, second.Skipped);
        Assert.Equal(0, second.Unchanged);
        await using var check = db.Factory.CreateDbContext();
        var rows = await check.PreparedConversations.AsNoTracking().OrderBy(p => p.IssueKey).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(5, rows.Count);
        Assert.Equal(["CC-2"], await ScoredState.Unscored(check).Select(r => r.IssueKey).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Contains("it broke again", rows.Single(r => r.IssueKey == "CC-2").ThreadJson);
        Assert.All(rows, r => Assert.Equal("jira", r.Source));
    }
}
