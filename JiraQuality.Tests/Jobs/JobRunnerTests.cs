using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Jobs;

public sealed class JobRunnerTests
{
    private const string KindA = TestKindAHandler.KindName;
    private const string KindB = TestKindBHandler.KindName;

    [Fact]
    public async Task Jobs_of_one_kind_run_one_at_a_time_in_request_order_while_other_kinds_run_alongside()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var script = new JobScript();
        await using var harness = await RunnerHarness.StartAsync(db, script);

        var first = await harness.EnqueueAsync(KindA, "a1");
        var second = await harness.EnqueueAsync(KindA, "a2");
        var third = await harness.EnqueueAsync(KindA, "a3");
        var other = await harness.EnqueueAsync(KindB, "b1");

        await harness.WaitForStateAsync(first.Id, JobStates.Running);
        await harness.WaitForStateAsync(other.Id, JobStates.Running);
        Assert.Equal(JobStates.Queued, (await harness.Runner.GetAsync(second.Id, TestContext.Current.CancellationToken))!.State);
        Assert.Equal(JobStates.Queued, (await harness.Runner.GetAsync(third.Id, TestContext.Current.CancellationToken))!.State);

        // Opening the later jobs' gates tells the runner nothing: the lane holds them behind a1, which the end state checks
        // (one kind A job at a time, a2 started after a1 finished, in request order).
        script.Open("a3");
        script.Open("a2");
        Assert.Equal(JobStates.Queued, (await harness.Runner.GetAsync(second.Id, TestContext.Current.CancellationToken))!.State);

        script.Open("a1");
        script.Open("b1");
        foreach (var job in new[] { first, second, third, other })
        {
            Assert.Equal(JobStates.Succeeded, (await harness.WaitForStateAsync(job.Id, JobStates.Succeeded, JobStates.Failed)).State);
        }

        Assert.Equal(["a1", "a2", "a3"], script.Started.Where(n => n.StartsWith('a')));
        Assert.Equal(1, script.MaxRunning(KindA));
        var a1 = (await harness.Store.FindAsync(first.Id, TestContext.Current.CancellationToken))!;
        var a2 = (await harness.Store.FindAsync(second.Id, TestContext.Current.CancellationToken))!;
        Assert.True(a2.StartedAtUtc >= a1.FinishedAtUtc, "a2 started before a1 finished");
        var b1 = (await harness.Store.FindAsync(other.Id, TestContext.Current.CancellationToken))!;
        Assert.True(b1.StartedAtUtc < a1.FinishedAtUtc, "the other kind waited for kind A");
    }

    [Fact]
    public async Task A_request_for_an_active_kind_returns_that_job_instead_of_starting_a_second()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var script = new JobScript();
        await using var harness = await RunnerHarness.StartAsync(db, script);

        var running = await harness.EnqueueAsync(KindB, "b1");
        await harness.WaitForStateAsync(running.Id, JobStates.Running);
        var fromCron = await harness.Runner.EnqueueAsync(new JobRequest(KindB, JobRequesters.Cron), TestContext.Current.CancellationToken);
        var fromPage = await harness.EnqueueAsync(KindB, "other parameters");

        Assert.Equal(running.Id, fromCron.Id);
        Assert.Equal(running.Id, fromPage.Id);
        Assert.Equal(JobStates.Running, fromCron.State);

        // Kinds with their own inputs join only an identical request.
        var upload = await harness.EnqueueAsync(KindA, "upload-1");
        var sameUpload = await harness.EnqueueAsync(KindA, "upload-1");
        var otherUpload = await harness.EnqueueAsync(KindA, "upload-2", ("gate", "open"));
        Assert.Equal(upload.Id, sameUpload.Id);
        Assert.NotEqual(upload.Id, otherUpload.Id);

        script.Open("b1");
        script.Open("upload-1");
        await harness.WaitForStateAsync(running.Id, JobStates.Succeeded);
        await harness.WaitForStateAsync(otherUpload.Id, JobStates.Succeeded);
        Assert.Single(script.Started, n => n == "b1");

        var afterwards = await harness.EnqueueAsync(KindB, "b2", ("gate", "open"));
        Assert.NotEqual(running.Id, afterwards.Id);
        await harness.WaitForStateAsync(afterwards.Id, JobStates.Succeeded);
        Assert.Equal(4, (await harness.Store.ListAsync(new JobListFilter(), TestContext.Current.CancellationToken)).Count);
    }

    [Fact]
    public async Task Cancelling_stops_a_running_job_cooperatively_and_a_queued_one_before_it_starts()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var script = new JobScript();
        await using var harness = await RunnerHarness.StartAsync(db, script);

        var running = await harness.EnqueueAsync(KindA, "long", ("items", "5"));
        var queued = await harness.EnqueueAsync(KindA, "waiting", ("gate", "open"));
        await harness.WaitForStateAsync(running.Id, JobStates.Running);

        Assert.True(await harness.Runner.CancelAsync(queued.Id, TestContext.Current.CancellationToken));
        Assert.True(await harness.Runner.CancelAsync(running.Id, TestContext.Current.CancellationToken));

        var cancelled = await harness.WaitForStateAsync(running.Id, JobStates.Cancelled, JobStates.Succeeded, JobStates.Failed);
        Assert.Equal(JobStates.Cancelled, cancelled.State);
        Assert.Equal("Cancelled on request.", cancelled.Error);
        Assert.NotNull(cancelled.FinishedAtUtc);
        var cancelledQueued = await harness.WaitForStateAsync(queued.Id, JobStates.Cancelled, JobStates.Succeeded);
        Assert.Equal(JobStates.Cancelled, cancelledQueued.State);

        // The lane goes on with the next job, and the cancelled one never ran.
        var next = await harness.EnqueueAsync(KindA, "next", ("gate", "open"));
        await harness.WaitForStateAsync(next.Id, JobStates.Succeeded);
        Assert.DoesNotContain("waiting", script.Started);
        Assert.False(await harness.Runner.CancelAsync(next.Id, TestContext.Current.CancellationToken));
        Assert.False(await harness.Runner.CancelAsync(Guid.NewGuid(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_failing_job_records_its_error_and_the_kind_goes_on_and_an_unknown_kind_fails_clearly()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var script = new JobScript();
        await using var harness = await RunnerHarness.StartAsync(db, script);

        var failing = await harness.EnqueueAsync(KindA, "broken", ("gate", "open"), ("items", "2"), ("fail", "the file ended inside a quoted field"));
        var after = await harness.EnqueueAsync(KindA, "fine", ("gate", "open"));
        var unknown = await harness.Runner.EnqueueAsync(new JobRequest("no-such-kind", JobRequesters.CommandLine), TestContext.Current.CancellationToken);

        var failed = await harness.WaitForStateAsync(failing.Id, JobStates.Failed, JobStates.Succeeded);
        Assert.Equal(JobStates.Failed, failed.State);
        Assert.Equal("the file ended inside a quoted field", failed.Error);
        Assert.Equal(2, failed.Completed);
        var details = (await harness.Store.GetDetailsAsync(failing.Id, TestContext.Current.CancellationToken))!;
        Assert.Contains("Failed: the file ended inside a quoted field", details.LogTail);
        Assert.Equal(0.25, details.CostUsd);

        Assert.Equal(JobStates.Succeeded, (await harness.WaitForStateAsync(after.Id, JobStates.Succeeded, JobStates.Failed)).State);
        var noHandler = await harness.WaitForStateAsync(unknown.Id, JobStates.Failed, JobStates.Succeeded);
        Assert.Equal(JobStates.Failed, noHandler.State);
        Assert.Equal($"No handler is registered for job kind 'no-such-kind' (registered kinds: {KindA}, {KindB}).", noHandler.Error);
    }

    [Fact]
    public async Task A_job_stores_its_counts_progress_lines_summary_and_cost()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var script = new JobScript();
        await using var harness = await RunnerHarness.StartAsync(db, script);
        var finished = new TaskCompletionSource<JobSnapshot>();
        using var subscription = harness.Events.SubscribeToFinished(job =>
        {
            finished.TrySetResult(job);
            return Task.CompletedTask;
        });

        var job = await harness.EnqueueAsync(KindB, "counted", ("gate", "open"), ("items", "3"));

        var done = await harness.WaitForStateAsync(job.Id, JobStates.Succeeded, JobStates.Failed);
        Assert.Equal((3, 3, "TEST-3", "counted done: 3 items"), (done.Completed, done.Total, done.CurrentItem, done.Summary));
        var details = (await harness.Store.GetDetailsAsync(job.Id, TestContext.Current.CancellationToken))!;
        Assert.Contains("Processing progress: 1/3 (33.3%) [TEST-1]", details.LogTail);
        Assert.Contains("Processing progress: 3/3 (100.0%) [TEST-3]", details.LogTail);
        Assert.Equal("counted", details.Parameters["name"]);
        Assert.Equal(JobRequesters.Page, done.RequestedBy);
        var published = await finished.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal((job.Id, KindB, JobStates.Succeeded, 100.0), (published.Id, published.Kind, published.State, published.Percent));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_job_a_crash_left_running_is_marked_interrupted_and_its_work_runs_again(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var crashedId = Guid.NewGuid();
        var leftQueuedId = Guid.NewGuid();
        await using (var context = db.Factory.CreateDbContext())
        {
            context.JobRuns.Add(new JobRun
            {
                Id = crashedId,
                Kind = KindB,
                RequestedBy = JobRequesters.Webhook,
                State = JobStates.Running,
                ParametersJson = """{"gate":"open","items":"2","name":"crashed"}""",
                Completed = 1,
                Total = 2,
                CreatedAtUtc = DateTime.UtcNow.AddMinutes(-5),
                StartedAtUtc = DateTime.UtcNow.AddMinutes(-4),
            });
            context.JobRuns.Add(new JobRun
            {
                Id = leftQueuedId,
                Kind = KindA,
                RequestedBy = JobRequesters.Page,
                State = JobStates.Queued,
                ParametersJson = """{"gate":"open","name":"left-queued"}""",
                CreatedAtUtc = DateTime.UtcNow.AddMinutes(-3),
            });
            await context.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var script = new JobScript();
        await using var harness = await RunnerHarness.StartAsync(db, script);

        var interrupted = await harness.WaitForStateAsync(crashedId, JobStates.Interrupted);
        Assert.Contains("queued again", interrupted.Error);
        await harness.WaitForStateAsync(leftQueuedId, JobStates.Succeeded);
        await JobWaits.UntilAsync(() => script.Started.Contains("crashed"), "the interrupted work to run again");
        var all = await harness.Store.ListAsync(new JobListFilter(Kind: KindB), TestContext.Current.CancellationToken);
        var resumed = Assert.Single(all, j => j.Id != crashedId);
        var resumedDetails = (await harness.Store.GetDetailsAsync(resumed.Id, TestContext.Current.CancellationToken))!;
        Assert.Equal(crashedId.ToString(), resumedDetails.Parameters[JobRunner.ResumedFromParameter]);
        Assert.Equal(JobRequesters.Webhook, resumed.RequestedBy);
        Assert.Equal(JobStates.Succeeded, (await harness.WaitForStateAsync(resumed.Id, JobStates.Succeeded, JobStates.Failed)).State);
    }

    [Fact]
    public async Task Stopping_the_app_interrupts_a_running_job_and_the_next_start_resumes_it()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var script = new JobScript();
        Guid jobId;
        await using (var first = await RunnerHarness.StartAsync(db, script))
        {
            jobId = (await first.EnqueueAsync(KindA, "stopped", ("items", "1"))).Id;
            await JobWaits.UntilAsync(() => script.Running(KindA) == 1, "the job to start");
            await first.StopAsync();
            Assert.Equal(JobStates.Interrupted, (await first.WaitForStateAsync(jobId, JobStates.Interrupted, JobStates.Succeeded)).State);
        }

        script.Open("stopped");
        await using var second = await RunnerHarness.StartAsync(db, script);
        var jobs = await second.Store.ListAsync(new JobListFilter(Kind: KindA), TestContext.Current.CancellationToken);
        var resumed = Assert.Single(jobs, j => j.Id != jobId);
        Assert.Equal(JobStates.Succeeded, (await second.WaitForStateAsync(resumed.Id, JobStates.Succeeded, JobStates.Failed)).State);
        Assert.Equal(["stopped", "stopped"], script.Started);
    }

    [Fact]
    public async Task A_full_queue_refuses_a_request_with_a_clear_error()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var script = new JobScript();
        await using var harness = await RunnerHarness.StartAsync(db, script);
        var running = await harness.EnqueueAsync(KindA, "r");
        await harness.WaitForStateAsync(running.Id, JobStates.Running);
        for (var i = 0; i < 4; i++)
        {
            await harness.EnqueueAsync(KindA, "w" + i, ("gate", "open"));
        }

        var error = await Assert.ThrowsAsync<JobQueueFullException>(() => harness.EnqueueAsync(KindA, "one too many"));
        Assert.Equal($"The {KindA} queue is full (4 jobs waiting); try again when some have run.", error.Message);
        script.Open("r");
        await harness.WaitForStateAsync(running.Id, JobStates.Succeeded);
    }

    [Fact]
    public async Task A_job_with_a_follow_up_queues_it_after_succeeding_and_not_after_failing()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var script = new JobScript();
        await using var harness = await RunnerHarness.StartAsync(db, script);
        var ct = TestContext.Current.CancellationToken;

        // A backlog job of the follow-up kind is already running: the follow-up must not join it.
        var busy = await harness.EnqueueAsync(KindB, "busy");
        await JobWaits.UntilAsync(() => script.Running(KindB) == 1, "the backlog job to start");
        var import = await harness.EnqueueAsync(KindA, "import", ("gate", "open"), (JobRunner.ThenParameter, KindB), ("then.name", "follow-up"), ("then.gate", "open"));
        await harness.WaitForStateAsync(import.Id, JobStates.Succeeded);

        var followUp = await harness.Store.FindFollowUpAsync(import.Id, KindB, ct);
        Assert.NotNull(followUp);
        Assert.NotEqual(busy.Id, followUp!.Id);
        Assert.Equal(JobStates.Queued, followUp.State);
        var details = (await harness.Store.GetDetailsAsync(followUp.Id, ct))!;
        Assert.Equal(import.Id.ToString(), details.Parameters[JobRunner.AfterParameter]);
        Assert.Equal("follow-up", details.Parameters["name"]);
        Assert.Contains($"Queued {KindB} job {followUp.Id} to follow.", (await harness.Store.GetDetailsAsync(import.Id, ct))!.LogTail);

        // A page asking for the follow-up kind now gets the running backlog job, and the follow-up runs after it.
        script.Open("busy");
        Assert.Equal(JobStates.Succeeded, (await harness.WaitForStateAsync(followUp.Id, JobStates.Succeeded, JobStates.Failed)).State);
        Assert.Equal(["busy", "import", "follow-up"], script.Started);

        var failing = await harness.EnqueueAsync(KindA, "failing", ("gate", "open"), ("fail", "bad file"), (JobRunner.ThenParameter, KindB));
        await harness.WaitForStateAsync(failing.Id, JobStates.Failed);
        Assert.Null(await harness.Store.FindFollowUpAsync(failing.Id, KindB, ct));
    }

    [Fact]
    public void A_handler_registered_under_its_kind_is_found_without_creating_the_others()
    {
        var script = new JobScript();
        var services = new ServiceCollection();
        services.AddSingleton(script);
        services.AddScoped<IJobHandler>(_ => throw new InvalidOperationException("Jira:BaseUrl is not set."));
        services.AddKeyedScoped<IJobHandler, TestKindAHandler>(KindA);
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();

        Assert.IsType<TestKindAHandler>(JobRunner.ResolveHandler(scope.ServiceProvider, KindA));
        var error = Assert.Throws<InvalidOperationException>(() => JobRunner.ResolveHandler(scope.ServiceProvider, KindB));
        Assert.StartsWith($"Could not create the job handlers to find the one for '{KindB}': Jira:BaseUrl is not set.", error.Message);
    }
}
