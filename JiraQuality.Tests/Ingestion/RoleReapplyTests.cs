using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Ingestion.Roles;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace JiraQuality.Tests.Ingestion;

public sealed class RoleReapplyTests
{
    private static readonly DateTime Nine = new(2025, 11, 3, 9, 0, 0, DateTimeKind.Utc);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RoleReapplyService Service(TestDatabase db, IngestionTestKit kit) =>
        new(db.Factory, kit.Agents, kit.Ingestor, kit.Options, kit.Clock, NullLogger<RoleReapplyService>.Instance);

    private static RawComment Comment(int order, string author, int minute, string body, string? accountType = null, string? name = null) => new()
    {
        AuthorId = author,
        AuthorName = name ?? author,
        AuthorAccountType = accountType,
        IsPublic = true,
        TimestampUtc = Nine.AddMinutes(minute),
        Body = body,
        SourceOrder = order,
    };

    private static JiraTicket Ticket(string key, string? reporterAccountId, params RawComment[] comments) => new()
    {
        IssueKey = key,
        Summary = "Dock will not release the bike",
        Reporter = "Rider One",
        ReporterAccountId = reporterAccountId,
        Status = "Done",
        Resolution = "Done",
        CreatedUtc = Nine,
        UpdatedUtc = Nine.AddHours(1),
        Comments = comments,
        Source = "test",
    };

    private static Task ListAsync(IngestionTestKit kit, params (string Id, string Name, string Tier)[] agents) =>
        kit.Agents.ReplaceAllAsync([.. agents.Select(a => new AgentDirectoryEntry { AccountId = a.Id, DisplayName = a.Name, Tier = a.Tier })], Token);

    private static async Task<PreparedConversation> PreparedAsync(TestDatabase db, string key)
    {
        await using var context = db.Factory.CreateDbContext();
        return await context.PreparedConversations.AsNoTracking().SingleAsync(p => p.IssueKey == key, Token);
    }

    private static async Task<ProcessedConversation> ProcessedAsync(TestDatabase db, string key)
    {
        await using var context = db.Factory.CreateDbContext();
        return await context.ProcessedConversations.AsNoTracking().SingleAsync(p => p.IssueKey == key, Token);
    }

    private static Task<ProcessingResult> ProcessAsync(TestDatabase db, Guid jobId) =>
        JiraQuality.Tests.Scoring.ScoringTestSupport.Service(db.Factory).RunAsync(
            new ProcessingRequest { Scorer = new ScorerSelection { NoLlm = true }, JobId = jobId }, NullJobProgress.Instance, Token);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_author_the_directory_now_lists_becomes_an_agent_with_a_tier_and_only_that_conversation_is_scored_again(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(db);
        await ListAsync(kit, ("712020:ana", "Ana Silva", "Tier 1"));
        await kit.Ingestor.IngestAsync(
            [
                Ticket("CC-1", "qm:rider-1",
                    Comment(1, "qm:rider-1", 0, "My bike is stuck in the dock"),
                    Comment(2, "partner:helper-7", 4, "We are releasing it remotely now", accountType: "app"),
                    Comment(3, "712020:ana", 40, "Released, sorry for the wait")),
                Ticket("CC-2", "qm:rider-2",
                    Comment(1, "qm:rider-2", 0, "Card charged twice"),
                    Comment(2, "712020:ana", 10, "Refunded the second charge")),
            ],
            Token);
        var firstRun = Guid.NewGuid();
        Assert.Equal(2, (await ProcessAsync(db, firstRun)).Processed);
        Assert.Equal(40, (await ProcessedAsync(db, "CC-1")).FirstAgentResponseMinutes);
        Assert.Equal(MessageRole.Unknown, ConversationJson.DeserializeMessages((await PreparedAsync(db, "CC-1")).ThreadJson)[1].Role);
        var untouchedBefore = await PreparedAsync(db, "CC-2");

        kit.Clock.Advance(TimeSpan.FromHours(1));
        await ListAsync(kit, ("712020:ana", "Ana Silva", "Tier 1"), ("partner:helper-7", "Helper Seven", "Tier 2"));
        var result = await Service(db, kit).ReapplyAsync(NullJobProgress.Instance, Token);

        Assert.Equal((2, 1, 0), (result.Examined, result.Changed, result.ChangedMeanwhile));
        Assert.Equal(["CC-1"], result.ChangedKeys);
        var changed = await PreparedAsync(db, "CC-1");
        Assert.False(await ScoredState.IsScoredAsync(db.Factory, "CC-1"));
        Assert.Equal(kit.Clock.GetUtcNow().UtcDateTime, PreparedConversationMapping.AsUtc(changed.PreparedAtUtc));
        var helper = ConversationJson.DeserializeMessages(changed.ThreadJson)[1];
        Assert.Equal((MessageRole.Agent, AgentTier.Tier2, "Helper Seven"), (helper.Role, helper.Tier, helper.AuthorName));
        // The hash is the import's: importing the same ticket now finds nothing to change.
        var again = await kit.Ingestor.IngestAsync(
            [Ticket("CC-1", "qm:rider-1",
                Comment(1, "qm:rider-1", 0, "My bike is stuck in the dock"),
                Comment(2, "partner:helper-7", 4, "We are releasing it remotely now", accountType: "app"),
                Comment(3, "712020:ana", 40, "Released, sorry for the wait"))],
            Token);
        Assert.Equal(1, again.Unchanged);

        var untouchedAfter = await PreparedAsync(db, "CC-2");
        Assert.True(await ScoredState.IsScoredAsync(db.Factory, "CC-2"));
        Assert.Equal((untouchedBefore.ContentHash, untouchedBefore.PreparedAtUtc, untouchedBefore.ThreadJson), (untouchedAfter.ContentHash, untouchedAfter.PreparedAtUtc, untouchedAfter.ThreadJson));

        var secondRun = Guid.NewGuid();
        var processing = await ProcessAsync(db, secondRun);
        Assert.Equal(1, processing.Selected);
        var rescored = await ProcessedAsync(db, "CC-1");
        Assert.Equal(4, rescored.FirstAgentResponseMinutes);
        Assert.Equal("TIER2", rescored.FirstResponderTier);
        Assert.Equal(secondRun, rescored.JobId);
        Assert.Equal(firstRun, (await ProcessedAsync(db, "CC-2")).JobId);
        Assert.True(await ScoredState.IsScoredAsync(db.Factory, "CC-1"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_Cloud_id_and_a_Server_username_marked_customer_become_customers_on_reapply_and_on_later_imports(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(db);
        const string cloudReporter = "557058:6a1f0c2e-0d44-4b5e-9c1a-2f3e4d5c6b7a";
        const string cloudColleague = "557058:9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e";
        const string cloudAgent = "61f0a1b2c3d4e5f6a7b8c9d0";
        // The reporter's colleague and a Server user commenting on someone else's request look like staff to the rules.
        JiraTicket[] tickets =
        [
            Ticket("CL-1", cloudReporter,
                Comment(1, cloudReporter, 0, "The printer on floor 2 is offline"),
                Comment(2, cloudColleague, 5, "Same for me, also floor 2"),
                Comment(3, cloudAgent, 30, "Restarted the print server")),
            Ticket("SD-1", null,
                Comment(1, "jsmith", 0, "Cannot log in to the VPN"),
                Comment(2, "lkelly", 5, "Me neither since this morning"),
                Comment(3, "tadmin", 20, "The certificate expired, renewed it")) with { Reporter = "jsmith" },
        ];
        await kit.Ingestor.IngestAsync(tickets, Token);
        Assert.Equal(MessageRole.Agent, ConversationJson.DeserializeMessages((await PreparedAsync(db, "CL-1")).ThreadJson).Single(m => m.AuthorId == cloudColleague).Role);
        Assert.Equal(MessageRole.Agent, ConversationJson.DeserializeMessages((await PreparedAsync(db, "SD-1")).ThreadJson).Single(m => m.AuthorId == "lkelly").Role);

        var customers = new KnownCustomerService(db.Factory, kit.Clock);
        Assert.True(await customers.AddAsync(cloudColleague, "Floor Two Colleague", Token));
        Assert.True(await customers.AddAsync("lkelly", null, Token));
        Assert.False(await customers.AddAsync("LKELLY", null, Token));
        var listed = await customers.GetAllAsync(Token);
        Assert.Equal([cloudColleague, "lkelly"], listed.Select(c => c.AccountId).Order(StringComparer.Ordinal));
        Assert.All(listed, c => Assert.Equal(kit.Clock.GetUtcNow().UtcDateTime, PreparedConversationMapping.AsUtc(c.AddedAtUtc)));

        var result = await Service(db, kit).ReapplyAsync(NullJobProgress.Instance, Token);

        Assert.Equal((2, 2), (result.Examined, result.Changed));
        foreach (var (key, customer, agent) in new[] { ("CL-1", cloudColleague, cloudAgent), ("SD-1", "lkelly", "tadmin") })
        {
            var stored = await PreparedAsync(db, key);
            Assert.False(await ScoredState.IsScoredAsync(db.Factory, key));
            var messages = ConversationJson.DeserializeMessages(stored.ThreadJson);
            Assert.Equal((MessageRole.Customer, AgentTier.None), messages.Single(m => m.AuthorId == customer) is var marked ? (marked.Role, marked.Tier) : default);
            Assert.Equal(MessageRole.Agent, messages.Single(m => m.AuthorId == agent).Role);
        }

        // An import after the mark resolves the same way, so the stored copy is unchanged.
        Assert.Equal(2, (await kit.Ingestor.IngestAsync(tickets, Token)).Unchanged);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Running_twice_changes_nothing_the_second_time(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(db);
        await ListAsync(kit, ("712020:ana", "Ana Silva", "Tier 1"));
        await kit.Ingestor.IngestAsync(
            [Ticket("CC-1", null, Comment(1, "qm:rider-1", 0, "Hello"), Comment(2, "712020:ana", 3, "Hi, checking"))],
            Token);
        await ListAsync(kit, ("712020:ana", "Ana Silva", "Tier 2"));
        var first = await Service(db, kit).ReapplyAsync(NullJobProgress.Instance, Token);
        var afterFirst = await PreparedAsync(db, "CC-1");

        kit.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await Service(db, kit).ReapplyAsync(NullJobProgress.Instance, Token);

        Assert.Equal(1, first.Changed);
        Assert.Equal((1, 0, 1), (second.Examined, second.Changed, second.Unchanged));
        var afterSecond = await PreparedAsync(db, "CC-1");
        Assert.Equal((afterFirst.ContentHash, afterFirst.PreparedAtUtc, afterFirst.ThreadJson), (afterSecond.ContentHash, afterSecond.PreparedAtUtc, afterSecond.ThreadJson));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Authors_taken_out_of_the_directory_fall_back_to_the_rules_with_the_facts_the_source_gave(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(db);
        await ListAsync(kit, ("712020:lead", "Team Lead", "Tier 2"), ("5b10-reporter", "Staff Reporter", "Tier 1"), ("557058:bot", "Bot", "Non agent"));
        await kit.Ingestor.IngestAsync(
            [Ticket("CC-7", "5b10-reporter",
                Comment(1, "5b10-reporter", 0, "Opening this for a rider on the phone", accountType: "atlassian", name: "Rui Costa"),
                Comment(2, "557058:bot", 1, "Automatic acknowledgement", accountType: "app", name: "Automation for Jira"),
                Comment(3, "712020:lead", 6, "Looking into it", accountType: "atlassian", name: "lead.person"))],
            Token);
        var imported = ConversationJson.DeserializeMessages((await PreparedAsync(db, "CC-7")).ThreadJson);
        Assert.Equal([MessageRole.Agent, MessageRole.Agent, MessageRole.Agent], imported.Select(m => m.Role));

        await ListAsync(kit, ("712020:someone-else", "Someone Else", "Tier 1"));
        var result = await Service(db, kit).ReapplyAsync(NullJobProgress.Instance, Token);

        Assert.Equal(1, result.Changed);
        var messages = ConversationJson.DeserializeMessages((await PreparedAsync(db, "CC-7")).ThreadJson);
        // The reporter by account id (kept with the row), the app by its account type, the lead by account type.
        Assert.Equal((MessageRole.Customer, AgentTier.None, "Rui Costa"), (messages[0].Role, messages[0].Tier, messages[0].AuthorName));
        Assert.Equal((MessageRole.Unknown, AgentTier.None, "Automation for Jira"), (messages[1].Role, messages[1].Tier, messages[1].AuthorName));
        Assert.Equal((MessageRole.Agent, AgentTier.Tier1, "lead.person"), (messages[2].Role, messages[2].Tier, messages[2].AuthorName));
        Assert.Equal(["Opening this for a rider on the phone", "Automatic acknowledgement", "Looking into it"], messages.Select(m => m.Text));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_thread_stored_without_author_facts_keeps_its_decided_roles_and_reads_only_the_directory_again(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(db);
        ConversationMessage Message(int index, string author, MessageRole role, AgentTier tier) => new()
        {
            Index = index,
            TimestampUtc = Nine.AddMinutes(index),
            AuthorId = author,
            AuthorName = author,
            Role = role,
            Tier = tier,
            Text = "message " + index,
            RedactedText = "message " + index,
        };
        var legacy = new Conversation
        {
            IssueKey = "OLD-1",
            Reporter = "Somebody",
            CreatedUtc = Nine,
            Messages =
            [
                Message(1, "rider-without-prefix", MessageRole.Customer, AgentTier.None),
                Message(2, "helper-9", MessageRole.Unknown, AgentTier.None),
                Message(3, "staff-without-prefix", MessageRole.Agent, AgentTier.Tier1),
            ],
        };
        await kit.Store.UpsertAsync([legacy], Token);
        Assert.DoesNotContain("authorSource", (await PreparedAsync(db, "OLD-1")).ThreadJson);

        await ListAsync(kit, ("helper-9", "Helper Nine", "Tier 2"));
        var result = await Service(db, kit).ReapplyAsync(NullJobProgress.Instance, Token);

        Assert.Equal(1, result.Changed);
        var messages = ConversationJson.DeserializeMessages((await PreparedAsync(db, "OLD-1")).ThreadJson);
        Assert.Equal(
            [(MessageRole.Customer, AgentTier.None), (MessageRole.Agent, AgentTier.Tier2), (MessageRole.Agent, AgentTier.Tier1)],
            messages.Select(m => (m.Role, m.Tier)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_stopped_run_keeps_its_finished_batches_and_the_next_run_does_the_rest(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(db, new IngestionOptions { BatchSize = 2 });
        await ListAsync(kit, ("712020:ana", "Ana Silva", "Tier 1"));
        await kit.Ingestor.IngestAsync(
            [.. Enumerable.Range(1, 5).Select(i => Ticket($"CC-{i}", null, Comment(1, "qm:rider", 0, "Hello"), Comment(2, "712020:ana", i, "Hi")))],
            Token);
        await ProcessAsync(db, Guid.NewGuid());
        Assert.Equal(0, await PendingAsync(db));
        await ListAsync(kit, ("712020:ana", "Ana Silva", "Tier 2"));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var stopping = new StopAfterFirstBatch(stop);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Service(db, kit).ReapplyAsync(stopping, stop.Token));
        Assert.Equal([(0, 5), (2, 5)], stopping.Reports);
        Assert.Equal(2, await PendingAsync(db));

        var progress = new StopAfterFirstBatch(null);
        var resumed = await Service(db, kit).ReapplyAsync(progress, Token);

        Assert.Equal((5, 3), (resumed.Examined, resumed.Changed));
        Assert.Equal([(0, 5), (2, 5), (4, 5), (5, 5)], progress.Reports);
        Assert.Equal(5, await PendingAsync(db));
        Assert.Contains(progress.Lines, line => line.StartsWith("CC-5: 1 message(s) changed role, tier or author name", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_job_that_finds_another_one_queued_leaves_the_work_to_it()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var kit = new IngestionTestKit(db);
        await ListAsync(kit, ("712020:ana", "Ana Silva", "Tier 1"));
        await kit.Ingestor.IngestAsync([Ticket("CC-1", null, Comment(1, "qm:rider", 0, "Hello"), Comment(2, "712020:ana", 3, "Hi"))], Token);
        await ProcessAsync(db, Guid.NewGuid());
        await ListAsync(kit, ("712020:ana", "Ana Silva", "Tier 2"));
        var jobs = new JobStore(db.Factory);
        var later = await jobs.CreateAsync(RoleReapplyJobHandler.CreateRequest(JobRequesters.Page, "later"), Guid.NewGuid(), Nine, Token);
        var handler = new RoleReapplyJobHandler(Service(db, kit), jobs);

        var skipped = await handler.RunAsync(RoleReapplyJobHandler.CreateRequest(JobRequesters.Page, "earlier"), NullJobProgress.Instance, Token);

        Assert.StartsWith("Skipped", skipped.Summary);
        Assert.Contains(later.Id.ToString(), skipped.Summary);
        Assert.Equal(0, await PendingAsync(db));

        await jobs.TryEndAsync(later.Id, JobStates.Queued, JobStates.Cancelled, Nine, null, Token);
        var applied = await handler.RunAsync(RoleReapplyJobHandler.CreateRequest(JobRequesters.Page, "later"), NullJobProgress.Instance, Token);
        Assert.Contains("1 changed (roles, tiers or agent names)", applied.Summary);
        Assert.Equal(1, await PendingAsync(db));
    }

    [Fact]
    public void The_request_names_the_directory_and_queues_processing_after_it()
    {
        var request = RoleReapplyJobHandler.CreateRequest(JobRequesters.Page, "abc123");

        Assert.Equal(JobKinds.ReapplyRoles, request.Kind);
        Assert.Equal("abc123", request.Get(RoleReapplyJobHandler.DirectoryParameter));
        Assert.Equal(JobKinds.Processing, request.Get(JobRunner.ThenParameter));
        Assert.Contains(JobKinds.ReapplyRoles, new JobOptions().KindsWithDistinctInputs);
    }

    [Fact]
    public void Equal_directories_have_equal_fingerprints_whatever_their_order()
    {
        AgentDirectoryEntry Entry(string id, string name, string tier) => new() { AccountId = id, DisplayName = name, Tier = tier };
        var a = new AgentDirectorySnapshot([Entry("712020:a", "Ana", "Tier 1"), Entry("712020:b", "Bruno", "Tier 2")]);
        var b = new AgentDirectorySnapshot([Entry("712020:b", "Bruno", "Tier 2"), Entry("712020:a", "Ana", "Tier 1")]);
        var retiered = new AgentDirectorySnapshot([Entry("712020:a", "Ana", "Tier 2"), Entry("712020:b", "Bruno", "Tier 2")]);

        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(a.Fingerprint, retiered.Fingerprint);
        Assert.NotEqual(a.Fingerprint, AgentDirectorySnapshot.Empty.Fingerprint);
    }

    private static async Task<int> PendingAsync(TestDatabase db)
    {
        return await ScoredState.CountUnscoredAsync(db.Factory);
    }

    /// <summary>Records reports and log lines; with a source, cancels it at the first report after a batch.</summary>
    private sealed class StopAfterFirstBatch(CancellationTokenSource? stop) : IJobProgress
    {
        public List<(int Completed, int Total)> Reports { get; } = [];

        public List<string> Lines { get; } = [];

        public void Report(int completed, int total, string? currentItem = null)
        {
            Reports.Add((completed, total));
            if (completed > 0)
            {
                stop?.Cancel();
            }
        }

        public void Log(string line) => Lines.Add(line);
    }
}
