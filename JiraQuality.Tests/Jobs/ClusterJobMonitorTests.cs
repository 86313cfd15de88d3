using System.Collections.Concurrent;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Web.Features.Jobs;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace JiraQuality.Tests.Jobs;

/// <summary>A whole-backlog data kind (a refresh) whose success makes the figure pages reload.</summary>
public sealed class TestRefreshHandler(JobScript script) : ScriptedJobHandler(script)
{
    public override string Kind => JobKinds.Refresh;
}

/// <summary>
/// Two app instances on one real PostgreSQL database: each sees the jobs the other runs through its own event stream,
/// hub and refreshing pages, while its own jobs stay its runner's.
/// </summary>
public sealed class ClusterJobMonitorTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // Each instance runs only the jobs it queued, so the test knows where each job runs.
    private static void NoTakingOver(IServiceCollection services)
    {
        services.AddScoped<IJobHandler, TestRefreshHandler>();
        services.Configure<JobOptions>(options => options.RecoveryInterval = TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task A_job_running_on_one_instance_shows_on_the_other_with_its_progress_and_ends_there_once()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var script = new JobScript();
        await using var instanceA = await RunnerHarness.StartAsync(db, script, advisoryLock: true, configure: NoTakingOver);
        await using var instanceB = await RunnerHarness.StartAsync(db, script, advisoryLock: true, configure: NoTakingOver);
        var updatesOnB = new ConcurrentQueue<JobProgressUpdate>();
        var finishedOnB = new ConcurrentQueue<JobSnapshot>();
        var logsOnB = new ConcurrentQueue<JobLogLine>();
        using var subscription = instanceB.Events.Subscribe(
            batch =>
            {
                foreach (var line in batch.Logs)
                {
                    logsOnB.Enqueue(line);
                }

                foreach (var update in batch.Updates)
                {
                    updatesOnB.Enqueue(update);
                }

                foreach (var job in batch.Finished)
                {
                    finishedOnB.Enqueue(job);
                }

                return Task.CompletedTask;
            },
            new JobSubscriptionOptions { MinInterval = TimeSpan.FromMilliseconds(10) });
        using var dataChangesOnB = new StoredDataChanges(instanceB.Events, NullLogger<StoredDataChanges>.Instance, minInterval: TimeSpan.FromMilliseconds(10));
        var refreshedOnB = new ConcurrentQueue<StoredDataChange>();
        using var page = dataChangesOnB.Subscribe(change =>
        {
            refreshedOnB.Enqueue(change);
            return Task.CompletedTask;
        });

        var remote = await instanceA.EnqueueAsync(JobKinds.Refresh, "remote", ("items", "3"), ("stepGate", "remote-step"));
        var seenRunning = await UntilActiveAsync(instanceB, remote.Id, u => u.Job.State == JobStates.Running && u.Job.Total == 3);
        Assert.True(seenRunning.FromOtherInstance);
        Assert.Equal((0, JobKinds.Refresh, JobRequesters.Page), (seenRunning.Job.Completed, seenRunning.Job.Kind, seenRunning.Job.RequestedBy));

        // B's own job, running while A's job runs: B's runner keeps it.
        var own = await instanceB.EnqueueAsync(TestKindAHandler.KindName, "own", ("items", "2"));
        await UntilActiveAsync(instanceB, own.Id, u => u.Job.State == JobStates.Running && u.Job.Total == 2);
        await UntilActiveAsync(instanceA, own.Id, u => u.Job.State == JobStates.Running && u.Job.Total == 2 && u.FromOtherInstance);

        script.Open("remote");
        var midway = await UntilActiveAsync(instanceB, remote.Id, u => u.Job.Completed == 1);
        Assert.Equal(("TEST-1", 33.3, true), (midway.Job.CurrentItem, midway.Job.Percent, midway.FromOtherInstance));
        // Subscribers get their batches a moment after the stream's own state changes; the job waits at step 1 meanwhile.
        await JobWaits.UntilAsync(
            () => updatesOnB.Any(u => u.Job.Id == remote.Id && u.Job.Completed == 1 && u.FromOtherInstance),
            "B's subscriber to get A's progress");
        Assert.DoesNotContain(finishedOnB, j => j.Id == remote.Id);
        await JobWaits.UntilAsync(
            () => logsOnB.Any(l => l.JobId == remote.Id && l.Line == "Processing progress: 1/3 (33.3%) [TEST-1]"),
            "A's progress line to reach B's stream");

        // A poll after the remote progress has read B's own running row too; it must not have overruled B's runner.
        var ownOnB = Assert.Single(instanceB.Events.ActiveJobs, u => u.Job.Id == own.Id);
        Assert.False(ownOnB.FromOtherInstance);
        Assert.DoesNotContain(updatesOnB, u => u.Job.Id == own.Id && u.FromOtherInstance && u.Job.State == JobStates.Running);

        script.Open("remote-step-1");
        script.Open("remote-step-2");
        await instanceA.WaitForStateAsync(remote.Id, JobStates.Succeeded);
        await JobWaits.UntilAsync(() => finishedOnB.Any(j => j.Id == remote.Id), "instance B to hear that A's job ended");
        var ended = Assert.Single(finishedOnB, j => j.Id == remote.Id);
        Assert.Equal((JobStates.Succeeded, 3, 3, "remote done: 3 items"), (ended.State, ended.Completed, ended.Total, ended.Summary));
        Assert.DoesNotContain(instanceB.Events.ActiveJobs, u => u.Job.Id == remote.Id);
        await JobWaits.UntilAsync(() => refreshedOnB.Any(c => c.Jobs.Any(j => j.Id == remote.Id)), "B's figure pages to refresh");

        // Finish B's own job, then let B poll a few more times: A's job still ended only once.
        script.Open("own");
        await JobWaits.UntilAsync(() => finishedOnB.Any(j => j.Id == own.Id), "B's own job to end");
        var ownEnded = Assert.Single(finishedOnB, j => j.Id == own.Id);
        Assert.Equal((JobStates.Succeeded, 2, "own done: 2 items"), (ownEnded.State, ownEnded.Completed, ownEnded.Summary));
        var later = await instanceA.EnqueueAsync(TestKindBHandler.KindName, "later", ("gate", "open"));
        await JobWaits.UntilAsync(() => finishedOnB.Any(j => j.Id == later.Id), "B to hear of a later job of A");
        Assert.Single(finishedOnB, j => j.Id == remote.Id);
        Assert.Single(finishedOnB, j => j.Id == own.Id);
        Assert.Single(refreshedOnB.SelectMany(c => c.Jobs), j => j.Id == remote.Id);

        // Each line once, in order, whether it came from the runner here or from A's stored tail.
        var remoteLines = logsOnB.Where(l => l.JobId == remote.Id).Select(l => l.Line).ToList();
        Assert.Equal(
            ["Processing progress: 1/3 (33.3%) [TEST-1]", "Processing progress: 2/3 (66.7%) [TEST-2]", "Processing progress: 3/3 (100.0%) [TEST-3]", "remote done: 3 items"],
            remoteLines.SkipWhile(l => !l.EndsWith("[TEST-1]", StringComparison.Ordinal)).ToList());
        var ownLines = logsOnB.Where(l => l.JobId == own.Id).Select(l => l.Line).ToList();
        Assert.Equal(ownLines.Distinct().Count(), ownLines.Count);
        Assert.Contains("Processing progress: 2/2 (100.0%) [TEST-2]", ownLines);
        Assert.Empty(instanceB.Events.ActiveJobs);
    }

    [Fact]
    public async Task A_job_that_starts_and_ends_between_two_polls_still_ends_on_the_other_instance()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var script = new JobScript();

        // Ended before B started: not news to anyone watching B.
        var earlier = Guid.NewGuid();
        await using (var context = db.Factory.CreateDbContext())
        {
            context.JobRuns.Add(new JobRun
            {
                Id = earlier,
                Kind = JobKinds.Refresh,
                RequestedBy = JobRequesters.Cron,
                State = JobStates.Succeeded,
                CreatedAtUtc = DateTime.UtcNow.AddSeconds(-5),
                FinishedAtUtc = DateTime.UtcNow.AddSeconds(-4),
            });
            await context.SaveChangesAsync(Token);
        }

        // B polls only when the test moves its clock, so A's job surely starts and ends between two of its polls.
        var clockOfB = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var instanceA = await RunnerHarness.StartAsync(db, script, advisoryLock: true, configure: NoTakingOver);
        await using var instanceB = await RunnerHarness.StartAsync(db, script, clockOfB, advisoryLock: true, configure: services =>
        {
            NoTakingOver(services);
            services.Configure<JobOptions>(options => options.ClusterPollInterval = TimeSpan.FromSeconds(2));
        });
        var monitorOfB = instanceB.Services.GetRequiredService<ClusterJobMonitor>();
        var finishedOnB = new ConcurrentQueue<JobSnapshot>();
        using var subscription = instanceB.Events.SubscribeToFinished(job =>
        {
            finishedOnB.Enqueue(job);
            return Task.CompletedTask;
        });
        await JobWaits.UntilAsync(() => monitorOfB.CompletedPolls == 1, "B's first poll");

        var quick = await instanceA.EnqueueAsync(JobKinds.Refresh, "quick", ("gate", "open"), ("items", "1"));
        await instanceA.WaitForStateAsync(quick.Id, JobStates.Succeeded);
        Assert.Equal(1, monitorOfB.CompletedPolls);
        Assert.Empty(finishedOnB);

        clockOfB.Advance(TimeSpan.FromSeconds(2));
        await JobWaits.UntilAsync(() => finishedOnB.Any(j => j.Id == quick.Id), "B to hear that the quick job ended");
        Assert.Equal((JobStates.Succeeded, "quick done: 1 items"), (Assert.Single(finishedOnB).State, finishedOnB.Single().Summary));
        Assert.DoesNotContain(finishedOnB, j => j.Id == earlier);
    }

    [Fact]
    public async Task The_hub_of_another_instance_lists_relays_and_ends_a_job_running_elsewhere()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        var script = new JobScript();
        await using var appB = new JobsAppFactory(script, new Dictionary<string, string?>
        {
            ["Database:Provider"] = nameof(DatabaseProvider.Postgres),
            ["ConnectionStrings:JiraQuality"] = db.Options.ConnectionString,
            ["Jobs:ClusterPollInterval"] = "00:00:00.200",
            ["Jobs:RecoveryInterval"] = "01:00:00",
        });
        var baseUrl = appB.StartKestrel();
        await using var instanceA = await RunnerHarness.StartAsync(db, script, advisoryLock: true, configure: NoTakingOver);
        var updates = new ConcurrentQueue<JobMessage>();
        var logs = new ConcurrentQueue<JobLogMessage>();
        var finished = new TaskCompletionSource<JobMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new HubConnectionBuilder().WithUrl(baseUrl + JobsHub.Path, await appB.HubSignInAsync()).Build();
        connection.On<JobMessage>(JobsHub.JobUpdated, updates.Enqueue);
        connection.On<JobLogMessage>(JobsHub.JobLog, logs.Enqueue);
        connection.On<JobMessage>(JobsHub.JobFinished, job =>
        {
            if (job.Kind == JobKinds.Refresh)
            {
                finished.TrySetResult(job);
            }
        });
        await connection.StartAsync(Token);

        var job = await instanceA.EnqueueAsync(JobKinds.Refresh, "elsewhere", ("items", "4"), ("stepGate", "elsewhere-step"));
        await connection.InvokeAsync(nameof(JobsHub.WatchJob), job.Id, Token);
        script.Open("elsewhere");
        await JobWaits.UntilAsync(() => updates.Any(u => u.Id == job.Id && u.Completed == 1), "the hub to relay A's progress");
        var relayed = updates.Last(u => u.Id == job.Id);
        Assert.Equal((JobStates.Running, 4, 25.0, "TEST-1", true), (relayed.State, relayed.Total, relayed.Percent, relayed.CurrentItem, relayed.FromOtherInstance));

        var active = await connection.InvokeAsync<IReadOnlyList<JobMessage>>("GetActiveJobs", Token);
        var listed = Assert.Single(active, a => a.Id == job.Id);
        Assert.Equal((JobStates.Running, 1, 4, true), (listed.State, listed.Completed, listed.Total, listed.FromOtherInstance));
        Assert.False(finished.Task.IsCompleted);

        for (var step = 1; step < 4; step++)
        {
            script.Open($"elsewhere-step-{step}");
        }

        var done = await finished.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        Assert.Equal((job.Id, JobStates.Succeeded, 4, 100.0, "elsewhere done: 4 items"), (done.Id, done.State, done.Completed, done.Percent, done.Summary));
        await JobWaits.UntilAsync(() => logs.Any(l => l.JobId == job.Id && l.Line == "elsewhere done: 4 items"), "the summary line");
        Assert.Contains(logs, l => l.JobId == job.Id && l.Line == "Processing progress: 4/4 (100.0%) [TEST-4]");
        var afterwards = await connection.InvokeAsync<IReadOnlyList<JobMessage>>("GetActiveJobs", Token);
        Assert.DoesNotContain(afterwards, a => a.Id == job.Id);
    }

    private static async Task<JobProgressUpdate> UntilActiveAsync(RunnerHarness instance, Guid id, Func<JobProgressUpdate, bool> condition)
    {
        JobProgressUpdate? found = null;
        await JobWaits.UntilAsync(
            () => (found = instance.Events.ActiveJobs.FirstOrDefault(u => u.Job.Id == id && condition(u))) is not null,
            $"job {id} to show as active with the expected progress");
        return found!;
    }

    [Fact]
    public void The_lines_a_log_tail_gained_are_found_even_when_its_oldest_lines_were_dropped()
    {
        Assert.Equal(["a", "b"], ClusterJobMonitor.NewLines([], ["a", "b"]));
        Assert.Equal(["c"], ClusterJobMonitor.NewLines(["a", "b"], ["a", "b", "c"]));
        Assert.Equal(["d", "e"], ClusterJobMonitor.NewLines(["a", "b", "c"], ["c", "d", "e"]));
        Assert.Empty(ClusterJobMonitor.NewLines(["a", "b"], ["a", "b"]));
        Assert.Equal(["x", "y"], ClusterJobMonitor.NewLines(["a", "b"], ["x", "y"]));
    }
}
