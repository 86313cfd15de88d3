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
/// Several app instances on one database, each a job runner with the scoring layer as the app wires it, scoring with the
/// LLM stand-in that counts the calls: they share one backlog through claims (PostgreSQL), score each conversation
/// once, drain on cancel, and one request asked of two instances is one job.
/// </summary>
public sealed class ScaleOutProcessingTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _taxonomyFile = Path.Combine(Path.GetTempPath(), $"jq-scaleout-taxonomy-{Guid.NewGuid():N}.json");

    public ScaleOutProcessingTests() => File.WriteAllText(_taxonomyFile, """["Hardware fault"]""");

    public void Dispose() => File.Delete(_taxonomyFile);

    private static Task<LoopbackChatServer> LlmAsync(int delayMs) => LoopbackChatServer.StartAsync((_, _, _) => new LoopbackAnswer(
        200, LoopbackChatServer.Completion(LlmAnswers.ForShortThread().ToJsonString(), 2000, 1500), TimeSpan.FromMilliseconds(delayMs)));

    /// <summary>One app instance: the job runner (advisory locks on PostgreSQL, lock files beside SQLite) with processing, rescore and, given Jira, refresh.</summary>
    internal static Task<RunnerHarness> StartInstanceAsync(
        TestDatabase database, LoopbackChatServer llm, string taxonomyFile, int concurrency = 2, ServiceProvider? jira = null, TimeSpan? claimLease = null,
        TimeSpan? recoveryInterval = null, IJobKindLock? kindLock = null) =>
        RunnerHarness.StartAsync(database, new JobScript(), advisoryLock: true, configure: services =>
        {
            if (kindLock is not null)
            {
                services.AddSingleton(kindLock);
            }

            if (recoveryInterval is { } interval)
            {
                services.Configure<JobOptions>(o => o.RecoveryInterval = interval);
            }

            var llmOptions = LlmScorerTests.Options(llm.Endpoint);
            llmOptions.Concurrency = concurrency;
            services.AddSingleton(Options.Create(new ScoringOptions { TaxonomyFile = taxonomyFile, ClaimLease = claimLease ?? TimeSpan.FromSeconds(3) }));
            services.AddSingleton(Options.Create(llmOptions));
            services.AddSingleton<LlmCallLedger>();
            // The scorecard the process verb reads too: both sides ask the LLM the same categories, under one prompt version.
            services.AddSingleton(_ => new JiraQuality.Core.Review.ScorecardStore(
                database.Factory, new JiraQuality.Core.Identity.AuditLog(database.Factory, TimeProvider.System), TimeProvider.System));
            services.AddSingleton<ScorerFactory>();
            services.AddSingleton<ProcessingLane>();
            services.AddSingleton<ProcessingClaims>();
            services.AddSingleton<ProcessingService>();
            services.AddScoped<IJobHandler, ProcessingJobHandler>();
            services.AddScoped<IJobHandler, RescoreJobHandler>();
            if (jira is not null)
            {
                services.AddScoped<IJobHandler>(sp => new RefreshJobHandler(jira.CreateScope().ServiceProvider.GetRequiredService<JiraSyncService>(), new ProcessingJobHandler(sp.GetRequiredService<ProcessingService>())));
            }
        });

    private static async Task<List<ProcessedConversation>> ScoredAsync(TestDatabase database)
    {
        await using var db = database.Factory.CreateDbContext();
        return await db.ProcessedConversations.AsNoTracking().ToListAsync(Ct);
    }

    private static async Task<int> ClaimsLeftAsync(TestDatabase database)
    {
        await using var db = database.Factory.CreateDbContext();
        return await db.ProcessingClaims.CountAsync(Ct);
    }

    [Fact]
    public async Task Processing_refresh_and_a_command_line_run_on_three_instances_share_one_backlog_and_score_each_conversation_once()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        const int pending = 40;
        await ProcessingLaneTests.SeedAsync(database, pending);
        await using var llm = await LlmAsync(150);
        await using var jira = await FakeJiraServer.StartAsync();
        await using var jiraServices = JiraTestHost.Build(jira, database.Factory, new RecordingTicketIngestor());
        await using var a = await StartInstanceAsync(database, llm, _taxonomyFile);
        await using var b = await StartInstanceAsync(database, llm, _taxonomyFile, jira: jiraServices);
        await using var c = await StartInstanceAsync(database, llm, _taxonomyFile);

        var processing = await a.Runner.EnqueueAsync(new JobRequest(JobKinds.Processing, JobRequesters.Page), Ct);
        await JobWaits.UntilAsync(() => llm.RequestCount >= 1, "the first instance to call the LLM");
        var refresh = await b.Runner.EnqueueAsync(new JobRequest(JobKinds.Refresh, JobRequesters.Schedule), Ct);
        // What the process verb does: the job is stored and run by the runner of its own process.
        var verb = await c.Runner.RunHereAsync(new JobRequest(JobKinds.Processing, JobRequesters.CommandLine), echo: null, Ct);

        Assert.Equal(JobStates.Succeeded, verb.State);
        Assert.NotEqual(processing.Id, verb.Id);
        Assert.Equal(JobStates.Succeeded, (await a.WaitForStateAsync(processing.Id, JobStates.Succeeded, JobStates.Failed)).State);
        Assert.Equal(JobStates.Succeeded, (await b.WaitForStateAsync(refresh.Id, JobStates.Succeeded, JobStates.Failed)).State);

        var scored = await ScoredAsync(database);
        Assert.Equal(pending, scored.Count);
        Assert.All(scored, row => Assert.Equal(ScorerKinds.Llm, row.ScorerKind));
        Assert.Equal(pending, llm.RequestCount);
        // The instances worked side by side, each storing part of the backlog under its own job.
        var byJob = scored.GroupBy(row => row.JobId).ToDictionary(g => g.Key!.Value, g => g.Count());
        Assert.True(byJob.Count >= 2, $"only {byJob.Count} job(s) stored results: the instances did not share the backlog");
        Assert.Equal(byJob.GetValueOrDefault(verb.Id), (await c.Store.FindAsync(verb.Id, Ct))!.Completed);
        Assert.Equal(byJob.GetValueOrDefault(processing.Id), (await a.Store.FindAsync(processing.Id, Ct))!.Completed);
        Assert.Equal(0, await ClaimsLeftAsync(database));
        var jobs = await c.Store.ListAsync(new JobListFilter(Kind: JobKinds.Processing), Ct);
        Assert.Contains(jobs, job => job.Id == verb.Id && job.RequestedBy == JobRequesters.CommandLine);
    }

    [Fact]
    public async Task After_kill_9_of_a_process_verb_mid_run_another_instance_resumes_its_job_takes_over_its_claims_and_loses_nothing()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        const int pending = 20;
        const int concurrencyOfA = 2;
        await ProcessingLaneTests.SeedAsync(database, pending);
        await using var llm = await LlmAsync(300);
        var folder = Path.Combine(Path.GetTempPath(), "jq-kill-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "JiraQuality.Web.dll"));
        start.ArgumentList.Add("process");
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["ConnectionStrings__JiraQuality"] = database.Options.ConnectionString;
        start.Environment["Data__Directory"] = folder;
        start.Environment["Llm__Endpoint"] = llm.Endpoint;
        start.Environment["Llm__ApiKey"] = "sk-test-secret";
        start.Environment["Llm__Concurrency"] = concurrencyOfA.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Scoring__TaxonomyFile"] = _taxonomyFile;
        start.Environment["Scoring__ClaimLease"] = "00:00:02";
        using (var verb = System.Diagnostics.Process.Start(start)!)
        {
            _ = verb.StandardOutput.ReadToEndAsync(Ct);
            _ = verb.StandardError.ReadToEndAsync(Ct);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await ScoredAsync(database)).Count < 4)
            {
                Assert.False(verb.HasExited, "the process verb ended before it was killed");
                Assert.True(DateTime.UtcNow < deadline, "the process verb stored nothing within 60 s");
                await Task.Delay(20, Ct);
            }

            // kill -9: no drain, no release, no final write of the job.
            verb.Kill();
            await verb.WaitForExitAsync(Ct);
        }

        var storedByTheVerb = (await ScoredAsync(database)).Count;
        var callsByTheVerb = llm.RequestCount;
        Assert.True(storedByTheVerb < pending, "the verb finished before it was killed");
        Assert.True(await ClaimsLeftAsync(database) > 0, "the killed verb left no claims behind");

        await using var other = await StartInstanceAsync(database, llm, _taxonomyFile, claimLease: TimeSpan.FromSeconds(2));
        var end = DateTime.UtcNow.AddSeconds(60);
        while ((await other.Store.ListActiveAsync(kind: null, Ct)).Count > 0 || (await ScoredAsync(database)).Count < pending)
        {
            Assert.True(DateTime.UtcNow < end, "the other instance did not finish the backlog within 60 s");
            await Task.Delay(50, Ct);
        }

        var scored = await ScoredAsync(database);
        Assert.Equal(pending, scored.Count);
        Assert.All(scored, row => Assert.Equal(ScorerKinds.Llm, row.ScorerKind));
        // Only what the verb had in hand when it died is paid twice: calls under way, and answers waiting for the writer
        // (its queue holds two per worker).
        const int inHand = 3 * concurrencyOfA;
        Assert.InRange(llm.RequestCount, pending, pending + inHand);
        Assert.InRange(llm.RequestCount - callsByTheVerb, pending - storedByTheVerb, pending - storedByTheVerb + inHand);
        Assert.Equal(0, await ClaimsLeftAsync(database));

        var jobs = await other.Store.ListAsync(new JobListFilter(Kind: JobKinds.Processing), Ct);
        Assert.Equal(2, jobs.Count);
        var killed = Assert.Single(jobs, job => job.State == JobStates.Interrupted);
        Assert.Equal(JobRequesters.CommandLine, killed.RequestedBy);
        // Its count is what it stored, not what it had last written a moment before it died.
        Assert.Equal(scored.Count(row => row.JobId == killed.Id), killed.Completed);
        var resumed = Assert.Single(jobs, job => job.Id != killed.Id);
        Assert.Equal(JobStates.Succeeded, resumed.State);
        Assert.Equal(scored.Count(row => row.JobId == resumed.Id), resumed.Completed);
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }

    [Fact]
    public async Task Two_instances_started_together_split_one_backlog_between_their_jobs()
    {
        // The speed-up itself is measured by `bench scale-out` (docs/benchmarks.md), not timed here.
        const int pending = 32;
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await ProcessingLaneTests.SeedAsync(database, pending);
        await using var llm = await LlmAsync(200);
        await using var a = await StartInstanceAsync(database, llm, _taxonomyFile, concurrency: 2);
        await using var b = await StartInstanceAsync(database, llm, _taxonomyFile, concurrency: 2);

        var first = a.Runner.RunHereAsync(new JobRequest(JobKinds.Processing, JobRequesters.CommandLine), echo: null, Ct);
        await JobWaits.UntilAsync(() => llm.RequestCount >= 1, "the first instance to start scoring");
        // A processing job that has started takes no new requests: the second instance runs a job of its own beside it.
        var second = await b.Runner.RunHereAsync(new JobRequest(JobKinds.Processing, JobRequesters.CommandLine), echo: null, Ct);
        var jobs = new[] { await first, second };

        Assert.NotEqual(jobs[0].Id, jobs[1].Id);
        Assert.All(jobs, job => Assert.Equal(JobStates.Succeeded, job.State));
        var scored = await ScoredAsync(database);
        Assert.Equal(pending, scored.Count);
        Assert.Equal(pending, llm.RequestCount);
        foreach (var job in jobs)
        {
            // Each stored a fair part of the backlog, and counts what it stored.
            var stored = scored.Count(row => row.JobId == job.Id);
            Assert.True(stored >= pending / 4, $"job {job.Id} stored only {stored} of {pending}");
            Assert.Equal(stored, job.Completed);
        }
    }

    [Fact]
    public async Task A_processing_request_that_joins_a_job_queued_on_another_instance_runs_it_on_exactly_one_instance()
    {
        const int pending = 24;
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await ProcessingLaneTests.SeedAsync(database, pending);
        await using var llm = await LlmAsync(200);

        // No periodic pass: a job queued on A is in A's lane only, and B runs it only because it was asked to.
        var noRecovery = TimeSpan.FromMinutes(10);
        await using var a = await StartInstanceAsync(database, llm, _taxonomyFile, concurrency: 1, recoveryInterval: noRecovery);
        await using var b = await StartInstanceAsync(database, llm, _taxonomyFile, concurrency: 1, recoveryInterval: noRecovery);
        var runningOn = new System.Collections.Concurrent.ConcurrentDictionary<(string Instance, Guid Job), byte>();
        IDisposable Record(RunnerHarness instance, string name) => instance.Events.Subscribe(
            batch =>
            {
                foreach (var update in batch.Updates.Where(u => u.Job.State == JobStates.Running))
                {
                    runningOn.TryAdd((name, update.Job.Id), 0);
                }

                return Task.CompletedTask;
            },
            new JobSubscriptionOptions { LocalOnly = true, IncludeLogs = false, MinInterval = TimeSpan.FromMilliseconds(10) });
        using var onA = Record(a, "A");
        using var onB = Record(b, "B");

        var first = await a.Runner.EnqueueAsync(new JobRequest(JobKinds.Processing, JobRequesters.Page), Ct);
        await JobWaits.UntilAsync(() => llm.RequestCount >= 1, "A's first job to start scoring");

        // A's lane is busy: the next request there is a queued job of its own, which B's requests then join.
        var queued = await a.Runner.EnqueueAsync(new JobRequest(JobKinds.Processing, JobRequesters.Schedule), Ct);
        Assert.NotEqual(first.Id, queued.Id);
        Assert.Equal(JobStates.Queued, queued.State);
        var joinedOnB = await b.Runner.EnqueueAsync(new JobRequest(JobKinds.Processing, JobRequesters.Page), Ct);
        Assert.Equal(queued.Id, joinedOnB.Id);
        var verbOnB = await b.Runner.RunHereAsync(new JobRequest(JobKinds.Processing, JobRequesters.CommandLine), echo: null, Ct);
        Assert.Equal(queued.Id, verbOnB.Id);
        Assert.Equal(JobStates.Succeeded, verbOnB.State);
        Assert.Equal(JobStates.Succeeded, (await a.WaitForStateAsync(first.Id, JobStates.Succeeded, JobStates.Failed)).State);

        // A's lane reaches the joined job after its first one, finds it run, and leaves it. The lane is first in, first
        // out: once a job queued there after the joined one has run, A has passed the joined one.
        var after = await a.Runner.EnqueueAsync(new JobRequest(JobKinds.Processing, JobRequesters.Page), Ct);
        Assert.NotEqual(queued.Id, after.Id);
        Assert.Equal(JobStates.Succeeded, (await a.WaitForStateAsync(after.Id, JobStates.Succeeded, JobStates.Failed)).State);
        Assert.Equal(JobStates.Succeeded, (await a.Store.FindAsync(queued.Id, Ct))!.State);
        Assert.Equal([("B", queued.Id)], runningOn.Keys.Where(k => k.Job == queued.Id).ToList());
        Assert.Equal([("A", first.Id)], runningOn.Keys.Where(k => k.Job == first.Id).ToList());
        var scored = await ScoredAsync(database);
        Assert.Equal(pending, scored.Count);
        Assert.Equal(pending, llm.RequestCount);
        Assert.Equal(scored.Count(row => row.JobId == queued.Id), (await a.Store.FindAsync(queued.Id, Ct))!.Completed);
        await using var db = database.Factory.CreateDbContext();
        Assert.Equal(3, await db.JobRuns.CountAsync(j => j.Kind == JobKinds.Processing, Ct));
    }

    [Fact]
    public async Task An_instance_whose_queued_job_another_instance_took_does_not_wait_for_it_and_runs_the_next_job_at_once()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        await ProcessingLaneTests.SeedAsync(database, 4);
        await using var llm = await LlmAsync(50);

        // The other instance: it has queued a processing job and taken its lock, and claims it a moment later.
        var other = new JobStore(database.Factory);
        var taken = await other.CreateAsync(new JobRequest(JobKinds.Processing, JobRequesters.Schedule), Guid.NewGuid(), DateTime.UtcNow, Ct, inputKey: "");
        await using var held = await FileJobKindLock.For(database.Options).TryAcquireAsync($"{JobKinds.Processing}:{taken.Id}", Ct);
        Assert.NotNull(held);

        // This instance's start-up pass finds the job queued and tries its lock.
        var locks = new RecordingJobKindLock(FileJobKindLock.For(database.Options));
        await using var a = await StartInstanceAsync(database, llm, _taxonomyFile, kindLock: locks);
        await locks.UntilRefusedAgainAsync($"{JobKinds.Processing}:{taken.Id}", 1, "this instance to find the job's lock taken");
        Assert.True(await other.TryClaimAsync(taken.Id, DateTime.UtcNow, Ct, releaseInputKey: true));

        // The job is the other instance's now: this one's processing lane must not wait for it to end.
        var next = await a.Runner.EnqueueAsync(new JobRequest(JobKinds.Processing, JobRequesters.Page), Ct);
        Assert.NotEqual(taken.Id, next.Id);
        Assert.Equal(JobStates.Succeeded, (await a.WaitForStateAsync(next.Id, JobStates.Succeeded, JobStates.Failed)).State);
        Assert.Equal(4, (await ScoredAsync(database)).Count);
        Assert.Equal(JobStates.Running, (await other.FindAsync(taken.Id, Ct))!.State);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_same_request_asked_of_two_instances_at_the_same_moment_is_one_job(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var script = new JobScript();
        await using var a = await RunnerHarness.StartAsync(database, script, advisoryLock: true);
        await using var b = await RunnerHarness.StartAsync(database, script, advisoryLock: true);

        for (var round = 0; round < 5; round++)
        {
            var name = $"same-{round}";
            var requests = await Task.WhenAll(
                a.EnqueueAsync(TestKindAHandler.KindName, name),
                b.EnqueueAsync(TestKindAHandler.KindName, name));

            Assert.Equal(requests[0].Id, requests[1].Id);
            script.Open(name);
            await a.WaitForStateAsync(requests[0].Id, JobStates.Succeeded);
        }

        await using var db = database.Factory.CreateDbContext();
        Assert.Equal(5, await db.JobRuns.CountAsync(j => j.Kind == TestKindAHandler.KindName, Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_database_refuses_a_second_active_job_of_the_same_kind_and_input(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var store = new JobStore(database.Factory);
        var request = RunnerHarness.Request(TestKindAHandler.KindName, "import.csv");
        var key = JobStore.InputKeyOf(request, distinctInputs: true);
        var first = await store.CreateAsync(request, Guid.NewGuid(), DateTime.UtcNow, Ct, key);

        // Resuming the same input is the same input.
        var resumed = request with { Parameters = new Dictionary<string, string>(request.Parameters) { [JobRunner.ResumedFromParameter] = Guid.NewGuid().ToString() } };
        Assert.Equal(key, JobStore.InputKeyOf(resumed, distinctInputs: true));
        var duplicate = await Assert.ThrowsAsync<DbUpdateException>(() => store.CreateAsync(resumed, Guid.NewGuid(), DateTime.UtcNow, Ct, key));
        Assert.True(JobStore.IsDuplicateQueuedJob(duplicate));
        Assert.Equal(first.Id, (await store.FindQueuedAsync(TestKindAHandler.KindName, key, Ct))!.Id);

        // Another input is a job of its own.
        var other = RunnerHarness.Request(TestKindAHandler.KindName, "other.csv");
        var second = await store.CreateAsync(other, Guid.NewGuid(), DateTime.UtcNow, Ct, JobStore.InputKeyOf(other, distinctInputs: true));

        // Running, the job still holds its input; ended, it gives it up.
        Assert.True(await store.TryClaimAsync(first.Id, DateTime.UtcNow, Ct));
        await Assert.ThrowsAsync<DbUpdateException>(() => store.CreateAsync(request, Guid.NewGuid(), DateTime.UtcNow, Ct, key));
        Assert.True(await store.TryEndAsync(first.Id, JobStates.Running, JobStates.Succeeded, DateTime.UtcNow, null, Ct));
        await store.CreateAsync(request, Guid.NewGuid(), DateTime.UtcNow, Ct, key);

        // A kind whose running jobs take no new requests (processing) gives the key up when it starts.
        Assert.True(await store.TryClaimAsync(second.Id, DateTime.UtcNow, Ct, releaseInputKey: true));
        await store.CreateAsync(other, Guid.NewGuid(), DateTime.UtcNow, Ct, JobStore.InputKeyOf(other, distinctInputs: true));
    }

    [Fact]
    public async Task On_sqlite_a_job_lock_is_a_file_that_a_second_process_cannot_take_while_the_job_runs()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var app = FileJobKindLock.For(database.Options);
        var verb = FileJobKindLock.For(database.Options);
        Assert.IsType<FileJobKindLock>(app);
        var name = $"{JobKinds.Processing}:{Guid.NewGuid()}";

        var held = await app.TryAcquireAsync(name, Ct);
        Assert.NotNull(held);
        // What the app's recovery asks before it takes a running job for a crashed one.
        Assert.Null(await verb.TryAcquireAsync(name, Ct));
        await held.DisposeAsync();
        await using var taken = await verb.TryAcquireAsync(name, Ct);
        Assert.NotNull(taken);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_cancelled_run_stores_and_counts_the_answers_of_the_calls_under_way(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await ProcessingLaneTests.SeedAsync(database, 12);
        await using var llm = await LlmAsync(1500);
        await using var instance = await StartInstanceAsync(database, llm, _taxonomyFile, concurrency: 3);

        var job = await instance.Runner.EnqueueAsync(new JobRequest(JobKinds.Processing, JobRequesters.Page), Ct);
        await JobWaits.UntilAsync(() => llm.RequestCount >= 3, "three calls under way");
        Assert.True(await instance.Runner.CancelAsync(job.Id, Ct));

        var ended = await instance.WaitForStateAsync(job.Id, JobStates.Cancelled);
        var scored = await ScoredAsync(database);
        // Every call the LLM answered was paid for: its answer is stored, and the job counts it.
        Assert.Equal(llm.RequestCount, scored.Count);
        Assert.Equal(3, scored.Count);
        Assert.Equal(scored.Count, ended.Completed);
        Assert.All(scored, row => Assert.Equal(job.Id, row.JobId));
    }
}
