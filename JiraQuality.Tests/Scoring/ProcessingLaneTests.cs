using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Jira.Sync;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Jira;
using JiraQuality.Tests.Jobs;
using JiraQuality.Benchmarks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JiraQuality.Tests.Scoring;

/// <summary>
/// Processing started by different job kinds at the same time, and tickets stored while a run scores, through the real
/// job runner with the LLM stand-in counting the calls.
/// </summary>
public sealed class ProcessingLaneTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _taxonomyFile = Path.Combine(Path.GetTempPath(), $"jq-lane-taxonomy-{Guid.NewGuid():N}.json");

    public ProcessingLaneTests() => File.WriteAllText(_taxonomyFile, """["Hardware fault"]""");

    public void Dispose() => File.Delete(_taxonomyFile);

    private static Task<LoopbackChatServer> SlowLlmAsync() => LoopbackChatServer.StartAsync((_, _, _) => new LoopbackAnswer(
        200, LoopbackChatServer.Completion(LlmAnswers.ForShortThread().ToJsonString(), 2000, 1500), TimeSpan.FromMilliseconds(150)));

    private Task<RunnerHarness> StartRunnerAsync(TestDatabase database, LoopbackChatServer llm, ServiceProvider? jira = null) =>
        StartRunnerAsync(database, llm, _taxonomyFile, jira);

    /// <summary>The job runner with the scoring layer as the app wires it, scoring with the LLM stand-in one at a time.</summary>
    internal static Task<RunnerHarness> StartRunnerAsync(TestDatabase database, LoopbackChatServer llm, string taxonomyFile, ServiceProvider? jira = null) =>
        RunnerHarness.StartAsync(database, new JobScript(), configure: services =>
        {
            var llmOptions = LlmScorerTests.Options(llm.Endpoint);
            llmOptions.Concurrency = 1;
            services.AddSingleton(Options.Create(new ScoringOptions { TaxonomyFile = taxonomyFile }));
            services.AddSingleton(Options.Create(llmOptions));
            services.AddSingleton<LlmCallLedger>();
            services.AddSingleton<ScorerFactory>();
            services.AddSingleton<ProcessingLane>();
            services.AddSingleton<ProcessingService>();
            services.AddScoped<IJobHandler, ProcessingJobHandler>();
            services.AddScoped<IJobHandler, RescoreJobHandler>();
            if (jira is not null)
            {
                services.AddScoped<IJobHandler>(sp => new RefreshJobHandler(jira.CreateScope().ServiceProvider.GetRequiredService<JiraSyncService>(), new ProcessingJobHandler(sp.GetRequiredService<ProcessingService>())));
            }
        });

    internal static async Task SeedAsync(TestDatabase database, int count)
    {
        await using var db = database.Factory.CreateDbContext();
        db.PreparedConversations.AddRange(ScoringTestSupport.Tickets(count));
        await db.SaveChangesAsync(Ct);
    }

    private static async Task<Dictionary<string, string>> ScoredAsync(TestDatabase database)
    {
        await using var db = database.Factory.CreateDbContext();
        return await db.ProcessedConversations.AsNoTracking().ToDictionaryAsync(p => p.IssueKey, p => p.ScorerKind, Ct);
    }

    private static async Task WaitUntilIdleAsync(RunnerHarness runner)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await runner.Store.ListActiveAsync(kind: null, Ct)).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "Jobs were still active after 30 s.");
            await Task.Delay(50, Ct);
        }
    }

    /// <summary>What a webhook re-fetch stores: a new ticket's thread through the prepared store.</summary>
    private static Task StoreLateTicketAsync(TestDatabase database, string issueKey) =>
        new PreparedConversationStore(database.Factory, TimeProvider.System).UpsertAsync(
            [new ConversationBuilder(issueKey)
                .Customer(0, "the dock ate my bike")
                .Agent(3, "released it for you", "712020:agent-1")
                .Customer(9, "got it, thanks")
                .Resolution("Done")
                .Build()],
            Ct);

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Refresh_and_a_webhook_processing_job_together_send_each_pending_conversation_to_the_llm_once(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database, 6);
        await using var llm = await SlowLlmAsync();
        await using var jira = await FakeJiraServer.StartAsync();
        await using var jiraServices = JiraTestHost.Build(jira, database.Factory, new RecordingTicketIngestor());
        await using var runner = await StartRunnerAsync(database, llm, jiraServices);

        var refresh = await runner.Runner.EnqueueAsync(new JobRequest(JobKinds.Refresh, JobRequesters.Schedule), Ct);
        await JobWaits.UntilAsync(() => llm.RequestCount >= 1, "the refresh's processing to call the LLM");
        var processing = await runner.Runner.EnqueueAsync(new JobRequest(JobKinds.Processing, JobRequesters.Webhook), Ct);

        Assert.Equal(JobStates.Succeeded, (await runner.WaitForStateAsync(refresh.Id, JobStates.Succeeded, JobStates.Failed)).State);
        Assert.Equal(JobStates.Succeeded, (await runner.WaitForStateAsync(processing.Id, JobStates.Succeeded, JobStates.Failed)).State);
        Assert.Equal(6, llm.RequestCount);
        var scored = await ScoredAsync(database);
        Assert.Equal(6, scored.Count);
        Assert.All(scored.Values, kind => Assert.Equal(ScorerKinds.Llm, kind));
        var log = (await runner.Store.GetDetailsAsync(processing.Id, Ct))!.LogTail;
        Assert.Contains(log, line => line.Contains("No new conversations to process.", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_ticket_stored_by_a_webhook_while_processing_runs_is_scored_without_waiting_for_the_schedule(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database, 3);
        await using var llm = await SlowLlmAsync();
        await using var runner = await StartRunnerAsync(database, llm);

        var first = await runner.Runner.EnqueueAsync(new JobRequest(JobKinds.Processing, JobRequesters.Webhook), Ct);
        await JobWaits.UntilAsync(() => llm.RequestCount >= 1, "the first processing job to call the LLM");
        await StoreLateTicketAsync(database, "SB-1");
        // As the webhook worker does after storing a re-fetched ticket.
        await runner.Runner.EnqueueAsync(new JobRequest(JobKinds.Processing, JobRequesters.Webhook), Ct);

        Assert.Equal(JobStates.Succeeded, (await runner.WaitForStateAsync(first.Id, JobStates.Succeeded, JobStates.Failed)).State);
        await WaitUntilIdleAsync(runner);
        var scored = await ScoredAsync(database);
        Assert.Equal(ScorerKinds.Llm, scored.GetValueOrDefault("SB-1"));
        Assert.Equal(4, scored.Count);
        Assert.Equal(4, llm.RequestCount);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_ticket_stored_while_processing_runs_is_scored_by_that_run_before_it_ends(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database, 3);
        await using var llm = await SlowLlmAsync();
        await using var runner = await StartRunnerAsync(database, llm);

        var job = await runner.Runner.EnqueueAsync(new JobRequest(JobKinds.Processing, JobRequesters.Page), Ct);
        await JobWaits.UntilAsync(() => llm.RequestCount >= 1, "the processing job to call the LLM");
        // Stored by a sync or an import of another process: nobody asks for processing.
        await StoreLateTicketAsync(database, "SB-2");

        Assert.Equal(JobStates.Succeeded, (await runner.WaitForStateAsync(job.Id, JobStates.Succeeded, JobStates.Failed)).State);
        var scored = await ScoredAsync(database);
        Assert.Equal(ScorerKinds.Llm, scored.GetValueOrDefault("SB-2"));
        Assert.Equal(4, llm.RequestCount);
        var details = (await runner.Store.GetDetailsAsync(job.Id, Ct))!;
        Assert.Contains(details.LogTail, line => line.Contains("1 conversation(s) were stored while this run was scoring", StringComparison.Ordinal));
        Assert.Empty(await runner.Store.ListActiveAsync(JobKinds.Processing, Ct));
    }
}

/// <summary>
/// The lane between processes: a lock file beside the SQLite database; on PostgreSQL instances do not wait for each
/// other (they share the backlog through claims).
/// </summary>
public sealed class ProcessingLaneAcrossInstancesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task On_postgresql_a_run_of_another_instance_enters_while_the_first_processes()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var first = new ProcessingLane(database.Options) { PollInterval = TimeSpan.FromMilliseconds(50) };
        var other = new ProcessingLane(database.Options) { PollInterval = TimeSpan.FromMilliseconds(50) };

        await using var held = await first.EnterAsync(new RecordingProgress(), Ct);
        await using var entered = await other.EnterAsync(new RecordingProgress(), Ct).WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task A_run_of_another_instance_waits_until_the_first_leaves_the_lane()
    {
        const DatabaseProvider provider = DatabaseProvider.Sqlite;
        await using var database = await TestDatabase.CreateAsync(provider);
        var first = new ProcessingLane(database.Options) { PollInterval = TimeSpan.FromMilliseconds(50) };
        var other = new ProcessingLane(database.Options) { PollInterval = TimeSpan.FromMilliseconds(50) };
        var waiting = new RecordingProgress();

        var held = await first.EnterAsync(new RecordingProgress(), Ct);
        var second = other.EnterAsync(waiting, Ct);
        await JobWaits.UntilAsync(() => waiting.Lines.Any(line => line.Contains("Another process is running processing", StringComparison.Ordinal)), "the second instance to find the lane taken");

        Assert.False(second.IsCompleted, "the second instance must wait while the first processes");
        await held.DisposeAsync();
        await using var entered = await second.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.True(second.IsCompletedSuccessfully);
    }
}
