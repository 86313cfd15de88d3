using JiraQuality.Core.Jira.Client;
using JiraQuality.Core.Jira.Sync;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Jira;

/// <summary>
/// Capped runs over a minute that holds more tickets than the cap: JQL compares <c>updated</c> to the minute, so
/// every run reads that minute again and must pass over what it already stored to move on.
/// </summary>
public sealed class JiraSyncCapTests
{
    // Every ticket of the crowded minute has exactly this updated, so only the key orders them.
    private static readonly DateTime Minute = new(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);

    private static async Task<FakeJiraServer> JiraWithSevenTicketsInOneMinuteAsync()
    {
        var jira = await FakeJiraServer.StartAsync();
        for (var i = 1; i <= 7; i++)
        {
            jira.AddIssue($"CC-{i}", Minute, $"customer asks {i}", $"agent answers {i}");
        }

        return jira;
    }

    private static async Task<(JiraSyncResult Result, List<string> Taken, List<string> CommentsReadFor)> RunAsync(
        JiraSyncService sync, FakeJiraServer jira, RecordingTicketIngestor ingestor, JiraSyncRequest request)
    {
        var ticketsBefore = ingestor.Tickets.Count;
        var requestsBefore = jira.Requests.Count;
        var result = await sync.SyncAsync(request, new RecordingProgress(), TestContext.Current.CancellationToken);
        var taken = ingestor.Tickets.Skip(ticketsBefore).Select(t => t.IssueKey).ToList();
        var commentsReadFor = jira.Requests.Skip(requestsBefore)
            .Where(r => r.Path.EndsWith("/comment", StringComparison.Ordinal))
            .Select(r => r.Path.Split('/')[^2])
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        return (result, taken, commentsReadFor);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Seven_tickets_of_one_minute_are_all_taken_in_three_capped_runs_and_the_checkpoint_then_moves_on(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var jira = await JiraWithSevenTicketsInOneMinuteAsync();
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor);
        var sync = services.GetRequiredService<JiraSyncService>();
        var capped = new JiraSyncRequest { MaxIssues = 3 };

        var first = await RunAsync(sync, jira, ingestor, capped);
        var second = await RunAsync(sync, jira, ingestor, capped);
        var checkpointAfterSecond = await JiraTestHost.CheckpointAsync(db);
        var third = await RunAsync(sync, jira, ingestor, capped);

        Assert.Equal(["CC-1", "CC-2", "CC-3"], first.Taken);
        Assert.Equal(["CC-4", "CC-5", "CC-6"], second.Taken);
        Assert.Equal(["CC-7"], third.Taken);
        Assert.Equal(7, ingestor.Tickets.Select(t => t.IssueKey).Distinct().Count());
        Assert.Equal(7, ingestor.Tickets.Count);
        Assert.Equal((3, 0, 3), (first.Result.Fetched, first.Result.Skipped, first.Result.Created));
        Assert.Equal((3, 3, 3), (second.Result.Fetched, second.Result.Skipped, second.Result.Created));
        Assert.Equal((1, 6, 1), (third.Result.Fetched, third.Result.Skipped, third.Result.Created));

        // Passing over is decided from the search page alone: comments are read only for the tickets taken.
        Assert.Equal(["CC-4", "CC-5", "CC-6"], second.CommentsReadFor);
        Assert.Equal(["CC-7"], third.CommentsReadFor);
        Assert.Contains("updated >= \"2026-11-20 08:55\"", second.Result.Jql);
        Assert.Equal(Minute, checkpointAfterSecond!.UpdatedCursorUtc);
        Assert.Equal("CC-6", checkpointAfterSecond.LastIssueKey);

        // Nothing left in the minute: a further run takes nothing, then a later ticket moves the checkpoint on.
        var idle = await RunAsync(sync, jira, ingestor, capped);
        Assert.Empty(idle.Taken);
        Assert.Empty(idle.CommentsReadFor);
        Assert.Equal(7, idle.Result.Skipped);

        jira.AddIssue("CC-8", Minute.AddMinutes(3), "a later question");
        var later = await RunAsync(sync, jira, ingestor, capped);

        Assert.Equal(["CC-8"], later.Taken);
        var checkpoint = await JiraTestHost.CheckpointAsync(db);
        Assert.Equal(Minute.AddMinutes(3), checkpoint!.UpdatedCursorUtc);
        Assert.Equal("CC-8", checkpoint.LastIssueKey);
        Assert.Equal(Minute.AddMinutes(3), later.Result.CheckpointUtc);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_ticket_updated_later_in_the_same_minute_after_a_capped_run_is_still_taken(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var jira = await JiraWithSevenTicketsInOneMinuteAsync();
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor);
        var sync = services.GetRequiredService<JiraSyncService>();
        var capped = new JiraSyncRequest { MaxIssues = 3 };
        var first = await RunAsync(sync, jira, ingestor, capped);

        // Within the same minute: CC-2, already stored, gets a reply, and a new ticket CC-9 is closed.
        var cc2 = jira.Issue("CC-2");
        cc2.AddComment("one more thing", Minute.AddSeconds(40), customer: true);
        cc2.UpdatedUtc = Minute.AddSeconds(40);
        jira.AddIssue("CC-9", Minute.AddSeconds(50), "new in the same minute");

        var second = await RunAsync(sync, jira, ingestor, capped);
        var third = await RunAsync(sync, jira, ingestor, capped);
        var fourth = await RunAsync(sync, jira, ingestor, capped);

        Assert.Equal(["CC-1", "CC-2", "CC-3"], first.Taken);
        Assert.Equal(["CC-4", "CC-5", "CC-6"], second.Taken);
        Assert.Equal(["CC-7", "CC-2", "CC-9"], third.Taken);
        Assert.Empty(fourth.Taken);
        Assert.Equal((2, 1), (third.Result.Created, third.Result.Updated));
        Assert.Equal("one more thing", ingestor.Tickets.Last(t => t.IssueKey == "CC-2").Comments[^1].Body);
        Assert.Equal(["CC-1", "CC-2", "CC-3", "CC-4", "CC-5", "CC-6", "CC-7", "CC-9"], ingestor.Tickets.Select(t => t.IssueKey).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(9, ingestor.Tickets.Count);
        var checkpoint = await JiraTestHost.CheckpointAsync(db);
        Assert.Equal(Minute.AddSeconds(50), checkpoint!.UpdatedCursorUtc);
        Assert.Equal("CC-9", checkpoint.LastIssueKey);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failure_mid_run_keeps_the_checkpoint_and_the_stored_tickets_of_the_committed_page(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var jira = await JiraWithSevenTicketsInOneMinuteAsync();
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor, pageSize: 4);
        var sync = services.GetRequiredService<JiraSyncService>();
        await RunAsync(sync, jira, ingestor, new JiraSyncRequest { MaxIssues = 3 });

        // The second run commits one page (CC-1..CC-3 passed over, CC-4 taken, as the page holds four),
        // then its next search fails.
        jira.FailNext("/rest/api/3/search/jql", 400, afterPassing: 1);
        await Assert.ThrowsAsync<JiraApiException>(() => RunAsync(sync, jira, ingestor, new JiraSyncRequest { MaxIssues = 3 }));

        Assert.Equal(["CC-1", "CC-2", "CC-3", "CC-4"], ingestor.Tickets.Select(t => t.IssueKey));
        var checkpoint = await JiraTestHost.CheckpointAsync(db);
        Assert.Equal("CC-4", checkpoint!.LastIssueKey);
        Assert.Equal(Minute, checkpoint.UpdatedCursorUtc);

        var resumed = await RunAsync(sync, jira, ingestor, new JiraSyncRequest());

        Assert.Equal(["CC-5", "CC-6", "CC-7"], resumed.Taken);
        Assert.Equal(4, resumed.Result.Skipped);
    }

    [Fact]
    public async Task Dry_run_after_a_capped_run_counts_only_what_a_run_would_take_and_writes_nothing()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var jira = await JiraWithSevenTicketsInOneMinuteAsync();
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor);
        var sync = services.GetRequiredService<JiraSyncService>();
        await RunAsync(sync, jira, ingestor, new JiraSyncRequest { MaxIssues = 3 });
        var before = await JiraTestHost.CheckpointAsync(db);

        var dry = await RunAsync(sync, jira, ingestor, new JiraSyncRequest { DryRun = true });

        Assert.Equal((4, 3), (dry.Result.Fetched, dry.Result.Skipped));
        Assert.Contains("Dry run: 4 Jira issues match", dry.Result.Summary);
        Assert.Contains("3 more are already stored unchanged", dry.Result.Summary);
        Assert.Empty(dry.Taken);
        Assert.Empty(dry.CommentsReadFor);
        var after = await JiraTestHost.CheckpointAsync(db);
        Assert.Equal(
            (before!.UpdatedCursorUtc, before.LastIssueKey, before.CommittedIssuesJson, before.LastRunAtUtc),
            (after!.UpdatedCursorUtc, after.LastIssueKey, after.CommittedIssuesJson, after.LastRunAtUtc));
    }

    [Fact]
    public async Task Force_full_refresh_reads_every_ticket_again_even_those_already_stored()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var jira = await JiraWithSevenTicketsInOneMinuteAsync();
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor);
        var sync = services.GetRequiredService<JiraSyncService>();
        await RunAsync(sync, jira, ingestor, new JiraSyncRequest());

        var full = await RunAsync(sync, jira, ingestor, new JiraSyncRequest { ForceFullRefresh = true });

        Assert.Equal(["CC-1", "CC-2", "CC-3", "CC-4", "CC-5", "CC-6", "CC-7"], full.Taken);
        Assert.Equal((7, 0, 7), (full.Result.Fetched, full.Result.Skipped, full.Result.Unchanged));

        // The record of stored tickets survives the full refresh, so the next incremental run passes over them.
        var next = await RunAsync(sync, jira, ingestor, new JiraSyncRequest());
        Assert.Empty(next.Taken);
        Assert.Equal(7, next.Result.Skipped);
    }

    [Fact]
    public async Task The_record_of_stored_tickets_keeps_only_the_window_the_next_run_reads_again()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var jira = await JiraWithSevenTicketsInOneMinuteAsync();
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor);
        var sync = services.GetRequiredService<JiraSyncService>();
        await RunAsync(sync, jira, ingestor, new JiraSyncRequest());
        Assert.Equal(7, CommittedIssues.Parse((await JiraTestHost.CheckpointAsync(db))!.CommittedIssuesJson).Count);

        // Ten minutes on, the next run reads from 09:05 (overlap 5 minutes), so the 09:00 tickets are dropped.
        jira.AddIssue("CC-10", Minute.AddMinutes(10), "much later");
        await RunAsync(sync, jira, ingestor, new JiraSyncRequest());

        var record = CommittedIssues.Parse((await JiraTestHost.CheckpointAsync(db))!.CommittedIssuesJson);
        Assert.Equal(1, record.Count);
        Assert.True(record.IsUnchanged("CC-10", Minute.AddMinutes(10)));
        Assert.False(record.IsUnchanged("CC-10", Minute.AddMinutes(11)));
    }

    [Fact]
    public async Task An_unreadable_record_costs_only_a_re_read()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var jira = await JiraWithSevenTicketsInOneMinuteAsync();
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor);
        var sync = services.GetRequiredService<JiraSyncService>();
        await RunAsync(sync, jira, ingestor, new JiraSyncRequest { MaxIssues = 3 });
        await using (var context = db.Factory.CreateDbContext())
        {
            await context.SyncCheckpoints.ExecuteUpdateAsync(c => c.SetProperty(x => x.CommittedIssuesJson, "{not json"), TestContext.Current.CancellationToken);
        }

        var again = await RunAsync(sync, jira, ingestor, new JiraSyncRequest());

        Assert.Equal(["CC-1", "CC-2", "CC-3", "CC-4", "CC-5", "CC-6", "CC-7"], again.Taken);
        Assert.Equal((4, 3), (again.Result.Created, again.Result.Unchanged));
        Assert.Equal(7, CommittedIssues.Parse((await JiraTestHost.CheckpointAsync(db))!.CommittedIssuesJson).Count);
    }

    [Theory(Timeout = 120_000)]
    [InlineData(null)]
    [InlineData(3)]
    public async Task A_run_ends_when_Jira_keeps_returning_the_same_page_with_new_tokens(int? maxIssues)
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var jira = await JiraWithSevenTicketsInOneMinuteAsync();
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor);
        var sync = services.GetRequiredService<JiraSyncService>();
        await RunAsync(sync, jira, ingestor, new JiraSyncRequest { MaxIssues = 1 });
        jira.RepeatsFirstPageForever = true;
        var searchesBefore = jira.SearchRequests.Count;

        var result = await sync.SyncAsync(new JiraSyncRequest { MaxIssues = maxIssues }, new RecordingProgress(), TestContext.Current.CancellationToken);

        // The first page (page size 2) holds CC-1, stored already, and CC-2; the repeat of it ends the run.
        Assert.Equal(["CC-1", "CC-2"], ingestor.Tickets.Select(t => t.IssueKey));
        Assert.Equal(2, jira.SearchRequests.Count - searchesBefore);
        Assert.Contains(result.Warnings, w => w.Contains("only issues it had already returned", StringComparison.Ordinal));
        Assert.Equal("CC-2", (await JiraTestHost.CheckpointAsync(db))!.LastIssueKey);
    }
}
