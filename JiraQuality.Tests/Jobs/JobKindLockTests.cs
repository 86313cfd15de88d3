using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Jobs;

/// <summary>Two app instances (two runners) on one real PostgreSQL database.</summary>
public sealed class JobKindLockTests
{
    private const string KindA = TestKindAHandler.KindName;

    [Fact]
    public async Task Two_instances_never_run_the_same_kind_at_once_and_a_starting_instance_leaves_the_others_job_alone()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var script = new JobScript();
        await using var first = await RunnerHarness.StartAsync(db, script, advisoryLock: true);
        var secondLock = new RecordingJobKindLock(FileJobKindLock.For(db.Options));
        await using var second = await RunnerHarness.StartAsync(db, script, advisoryLock: true, configure: services => services.AddSingleton<IJobKindLock>(secondLock));

        var onFirst = await first.EnqueueAsync(KindA, "first");
        await JobWaits.UntilAsync(() => script.Running(KindA) == 1, "the first instance's job to start");
        var onSecond = await second.EnqueueAsync(KindA, "second", ("gate", "open"));
        var otherKind = await second.EnqueueAsync(TestKindBHandler.KindName, "b", ("gate", "open"));

        await second.WaitForStateAsync(otherKind.Id, JobStates.Succeeded);
        // The second instance's lane asks for the kind's lock, finds it taken, waits and asks again: the job stays queued.
        await secondLock.UntilRefusedAgainAsync(KindA, 3, "the second instance to find the kind taken again");
        Assert.Equal(JobStates.Queued, (await second.Store.FindAsync(onSecond.Id, TestContext.Current.CancellationToken))!.State);

        // A third instance starting now must not take the first one's running job for a crashed one.
        var thirdLock = new RecordingJobKindLock(FileJobKindLock.For(db.Options));
        await using (var third = await RunnerHarness.StartAsync(db, script, advisoryLock: true, configure: services => services.AddSingleton<IJobKindLock>(thirdLock)))
        {
            // Its start-up pass and a periodic recovery pass have each found the running job's lock held by its owner.
            Assert.True(thirdLock.Refusals(KindA) >= 1, "the start-up pass did not ask for the running job's lock");
            await thirdLock.UntilRefusedAgainAsync(KindA, 1, "a periodic recovery pass on the third instance");
            Assert.Equal(JobStates.Running, (await third.Store.FindAsync(onFirst.Id, TestContext.Current.CancellationToken))!.State);
        }

        script.Open("first");
        await first.WaitForStateAsync(onFirst.Id, JobStates.Succeeded);
        Assert.Equal(JobStates.Succeeded, (await second.WaitForStateAsync(onSecond.Id, JobStates.Succeeded, JobStates.Failed)).State);
        Assert.Equal(1, script.MaxRunning(KindA));
        Assert.Equal(["first", "b", "second"], script.Started);
    }

    [Fact]
    public async Task The_advisory_lock_is_exclusive_per_kind_and_free_again_after_release()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var instanceOne = new PostgresAdvisoryJobKindLock(db.Options);
        var instanceTwo = new PostgresAdvisoryJobKindLock(db.Options);
        var ct = TestContext.Current.CancellationToken;

        var held = await instanceOne.TryAcquireAsync(JobKinds.JiraSync, ct);
        Assert.NotNull(held);
        Assert.Null(await instanceTwo.TryAcquireAsync(JobKinds.JiraSync, ct));
        var otherKind = await instanceTwo.TryAcquireAsync(JobKinds.Processing, ct);
        Assert.NotNull(otherKind);

        await held!.DisposeAsync();
        var afterRelease = await instanceTwo.TryAcquireAsync(JobKinds.JiraSync, ct);
        Assert.NotNull(afterRelease);
        await afterRelease!.DisposeAsync();
        await otherKind!.DisposeAsync();
    }

    [Fact]
    public async Task A_live_instance_takes_over_the_work_of_an_instance_that_died()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var script = new JobScript();
        await using var survivor = await RunnerHarness.StartAsync(db, script, advisoryLock: true);
        var ct = TestContext.Current.CancellationToken;

        // What a dead instance leaves: a job marked running whose lock nobody holds, and one it had queued.
        var diedRunning = Guid.NewGuid();
        var diedQueued = Guid.NewGuid();
        await using (var context = db.Factory.CreateDbContext())
        {
            context.JobRuns.Add(new JobRun
            {
                Id = diedRunning,
                Kind = TestKindBHandler.KindName,
                RequestedBy = JobRequesters.Cron,
                State = JobStates.Running,
                ParametersJson = """{"gate":"open","name":"orphan-running"}""",
                CreatedAtUtc = DateTime.UtcNow,
                StartedAtUtc = DateTime.UtcNow,
            });
            context.JobRuns.Add(new JobRun
            {
                Id = diedQueued,
                Kind = KindA,
                RequestedBy = JobRequesters.Page,
                State = JobStates.Queued,
                ParametersJson = """{"gate":"open","name":"orphan-queued"}""",
                CreatedAtUtc = DateTime.UtcNow,
            });
            await context.SaveChangesAsync(ct);
        }

        await survivor.WaitForStateAsync(diedRunning, JobStates.Interrupted);
        await survivor.WaitForStateAsync(diedQueued, JobStates.Succeeded);
        await JobWaits.UntilAsync(() => script.Started.Contains("orphan-running"), "the interrupted work to run again");
        Assert.Single(script.Started, n => n == "orphan-queued");
    }

    [Fact]
    public async Task A_job_running_on_one_instance_can_be_cancelled_through_another()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var script = new JobScript();
        await using var owner = await RunnerHarness.StartAsync(db, script, advisoryLock: true);
        await using var other = await RunnerHarness.StartAsync(db, script, advisoryLock: true);
        var job = await owner.EnqueueAsync(TestKindBHandler.KindName, "remote", ("items", "4"));
        await JobWaits.UntilAsync(() => owner.Runner.GetAsync(job.Id, TestContext.Current.CancellationToken).Result?.Total == 4, "the job to report");

        Assert.True(await other.Runner.CancelAsync(job.Id, TestContext.Current.CancellationToken));

        await JobWaits.UntilAsync(() => script.Running(TestKindBHandler.KindName) == 0, "the owner to stop the handler");
        // The owner writes the final record (with its counts) once its handler has stopped.
        await JobWaits.UntilAsync(() => owner.Store.FindAsync(job.Id, TestContext.Current.CancellationToken).Result?.Total == 4, "the owner's final record");
        var cancelled = await owner.WaitForStateAsync(job.Id, JobStates.Cancelled);
        Assert.Equal("Cancelled on request.", cancelled.Error);
        var next = await other.EnqueueAsync(TestKindBHandler.KindName, "after", ("gate", "open"));
        Assert.NotEqual(job.Id, next.Id);
        await other.WaitForStateAsync(next.Id, JobStates.Succeeded);
    }
}
