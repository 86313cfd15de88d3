using System.Collections.Concurrent;
using System.Diagnostics;
using JiraQuality.Core.Jobs;

namespace JiraQuality.Tests.Jobs;

public sealed class JobEventStreamTests
{
    private static JobSnapshot Job(Guid id, int completed, int total, string state = JobStates.Running) =>
        new(id, "test", state, JobRequesters.Page, completed, total, $"KEY-{completed}", DateTime.UtcNow, DateTime.UtcNow, null, null, null);

    [Fact]
    public async Task A_fast_job_reaches_a_subscriber_at_most_ten_times_a_second_and_the_last_state_always_arrives()
    {
        var stream = new JobEventStream(TimeProvider.System);
        var id = Guid.NewGuid();
        var deliveries = new ConcurrentQueue<(long At, JobEventBatch Batch)>();
        var clock = Stopwatch.StartNew();
        using var subscription = stream.Subscribe(batch =>
        {
            deliveries.Enqueue((clock.ElapsedMilliseconds, batch));
            return Task.CompletedTask;
        });

        const int total = 3000;
        var publishing = Stopwatch.StartNew();
        for (var i = 1; i <= total; i++)
        {
            stream.PublishUpdate(new JobProgressUpdate(Job(id, i, total), i, null));
            stream.PublishLog(new JobLogLine(id, "test", DateTime.UtcNow, $"line {i}"));
            if (i % 10 == 0)
            {
                await Task.Delay(1, TestContext.Current.CancellationToken);
            }
        }

        publishing.Stop();
        await JobWaits.UntilAsync(() => deliveries.Any(d => d.Batch.Updates.Any(u => u.Job.Completed == total)), "the last state");
        await Task.Delay(300, TestContext.Current.CancellationToken);

        var batches = deliveries.ToList();
        var gaps = batches.Zip(batches.Skip(1), (a, b) => b.At - a.At).ToList();
        Assert.All(gaps, gap => Assert.True(gap >= 90, $"two deliveries {gap} ms apart"));
        Assert.True(batches.Count <= (publishing.ElapsedMilliseconds / 100) + 3, $"{batches.Count} deliveries in {publishing.ElapsedMilliseconds} ms");
        Assert.Equal(total, batches[^1].Batch.Updates.Single().Job.Completed);
        var lineNumbers = batches.SelectMany(b => b.Batch.Logs).Select(l => int.Parse(l.Line[5..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(lineNumbers.Order(), lineNumbers);
        Assert.True(lineNumbers.Count >= JobEventStream.MaxPendingLogLines, $"only {lineNumbers.Count} log lines arrived");
        Assert.Equal($"line {total}", batches[^1].Batch.Logs[^1].Line);
    }

    [Fact]
    public async Task A_subscriber_for_one_job_sees_only_that_job_and_its_finish_supersedes_pending_progress()
    {
        var stream = new JobEventStream(TimeProvider.System);
        var watched = Guid.NewGuid();
        var other = Guid.NewGuid();
        var received = new ConcurrentQueue<JobEventBatch>();
        using var subscription = stream.Subscribe(
            batch =>
            {
                received.Enqueue(batch);
                return Task.CompletedTask;
            },
            new JobSubscriptionOptions { JobId = watched, MinInterval = TimeSpan.FromMilliseconds(200) });

        stream.PublishUpdate(new JobProgressUpdate(Job(watched, 1, 2), null, null));
        await JobWaits.UntilAsync(() => !received.IsEmpty, "the first update");
        stream.PublishUpdate(new JobProgressUpdate(Job(other, 1, 2), null, null));
        stream.PublishUpdate(new JobProgressUpdate(Job(watched, 2, 2), null, null));
        stream.PublishFinished(Job(watched, 2, 2, JobStates.Succeeded));
        await JobWaits.UntilAsync(() => received.Any(b => b.Finished.Count > 0), "the finish");

        Assert.All(received, b => Assert.All(b.Updates, u => Assert.Equal(watched, u.Job.Id)));
        var last = received.Last();
        Assert.Empty(last.Updates);
        Assert.Equal(JobStates.Succeeded, Assert.Single(last.Finished).State);
        Assert.Equal([other], stream.ActiveJobs.Select(u => u.Job.Id));
    }

    [Fact]
    public async Task A_throwing_subscriber_does_not_stop_the_others()
    {
        var stream = new JobEventStream(TimeProvider.System);
        var delivered = 0;
        using var broken = stream.Subscribe(_ => throw new InvalidOperationException("circuit gone"));
        using var healthy = stream.Subscribe(_ =>
        {
            Interlocked.Increment(ref delivered);
            return Task.CompletedTask;
        });

        stream.PublishUpdate(new JobProgressUpdate(Job(Guid.NewGuid(), 1, 1), null, null));

        await JobWaits.UntilAsync(() => Volatile.Read(ref delivered) == 1, "the healthy subscriber");
    }

    [Fact]
    public void The_progress_line_matches_the_predecessor_format()
    {
        Assert.Equal("Processing progress: 7/9 (77.8%) [ITSM-201]", JobProgressTracker.FormatProgressLine(7, 9, "ITSM-201"));
        Assert.Equal("Processing progress: 0/0 (0.0%)", JobProgressTracker.FormatProgressLine(0, 0, null));
    }

    [Fact]
    public async Task A_job_ends_once_for_subscribers_and_a_late_update_does_not_revive_it()
    {
        var stream = new JobEventStream(TimeProvider.System);
        var id = Guid.NewGuid();
        var finished = new ConcurrentQueue<JobSnapshot>();
        using var subscription = stream.SubscribeToFinished(job =>
        {
            finished.Enqueue(job);
            return Task.CompletedTask;
        });

        stream.PublishUpdate(new JobProgressUpdate(Job(id, 1, 2), null, null));
        stream.PublishFinished(Job(id, 1, 2, JobStates.Cancelled));
        stream.PublishFinished(Job(id, 1, 2, JobStates.Cancelled));
        stream.PublishUpdate(new JobProgressUpdate(Job(id, 2, 2), null, null));
        // A subscriber gets events in the order they were published: once a later job's end arrives, a second end of
        // the first job would have arrived before it.
        var later = Guid.NewGuid();
        stream.PublishFinished(Job(later, 1, 1, JobStates.Succeeded));
        await JobWaits.UntilAsync(() => finished.Any(j => j.Id == later), "the later job's end");

        Assert.Equal([id, later], finished.Select(j => j.Id));
        Assert.Empty(stream.ActiveJobs);
    }

    [Fact]
    public void Rows_read_from_the_shared_table_never_overrule_a_job_running_here_nor_end_it()
    {
        var stream = new JobEventStream(TimeProvider.System);
        var here = Guid.NewGuid();
        stream.PublishUpdate(new JobProgressUpdate(Job(here, 0, 5, JobStates.Queued), null, null));

        // Queued here: the stored queued row says nothing new, but a claim by another instance does.
        Assert.False(stream.PublishFromOtherInstance(new JobProgressUpdate(Job(here, 0, 5, JobStates.Queued), null, null)));
        Assert.False(Assert.Single(stream.ActiveJobs).FromOtherInstance);

        // Claimed and running here: stored rows (a second old) and their ends are the runner's business.
        stream.PublishUpdate(new JobProgressUpdate(Job(here, 3, 5), 1.5, null));
        Assert.False(stream.PublishFromOtherInstance(new JobProgressUpdate(Job(here, 2, 5), null, null)));
        Assert.False(stream.PublishFinishedFromOtherInstance(Job(here, 2, 5, JobStates.Cancelled)));
        var current = Assert.Single(stream.ActiveJobs);
        Assert.Equal((3, false), (current.Job.Completed, current.FromOtherInstance));

        // Elsewhere: shown as such, unchanged rows are not published again, and it ends once.
        var elsewhere = Guid.NewGuid();
        var row = Job(elsewhere, 1, 4);
        Assert.True(stream.PublishFromOtherInstance(new JobProgressUpdate(row, null, null)));
        Assert.False(stream.PublishFromOtherInstance(new JobProgressUpdate(row, 0.5, null)));
        Assert.True(stream.ActiveJobs.Single(u => u.Job.Id == elsewhere).FromOtherInstance);
        Assert.True(stream.PublishFinishedFromOtherInstance(Job(elsewhere, 4, 4, JobStates.Succeeded)));
        Assert.False(stream.PublishFinishedFromOtherInstance(Job(elsewhere, 4, 4, JobStates.Succeeded)));
        Assert.False(stream.PublishFromOtherInstance(new JobProgressUpdate(Job(elsewhere, 4, 4), null, null)));

        // Once this process's runner has ended its job, a stored row cannot bring it back either.
        stream.PublishFinished(Job(here, 5, 5, JobStates.Succeeded));
        Assert.False(stream.PublishFromOtherInstance(new JobProgressUpdate(Job(here, 5, 5), null, null)));
        Assert.Empty(stream.ActiveJobs);
    }

    [Fact]
    public async Task A_local_only_subscriber_gets_this_process_jobs_and_none_of_the_other_instances()
    {
        var stream = new JobEventStream(TimeProvider.System);
        var here = Guid.NewGuid();
        var elsewhere = Guid.NewGuid();
        var localOnly = new ConcurrentQueue<JobEventBatch>();
        var everything = new ConcurrentQueue<JobEventBatch>();
        using var first = stream.Subscribe(b => { localOnly.Enqueue(b); return Task.CompletedTask; }, new JobSubscriptionOptions { LocalOnly = true, MinInterval = TimeSpan.FromMilliseconds(10) });
        using var second = stream.Subscribe(b => { everything.Enqueue(b); return Task.CompletedTask; }, new JobSubscriptionOptions { MinInterval = TimeSpan.FromMilliseconds(10) });

        stream.PublishFromOtherInstance(new JobProgressUpdate(Job(elsewhere, 1, 2), null, null));
        stream.PublishLogFromOtherInstance(new JobLogLine(elsewhere, "test", DateTime.UtcNow, "from elsewhere"));
        stream.PublishFinishedFromOtherInstance(Job(elsewhere, 2, 2, JobStates.Succeeded));
        stream.PublishUpdate(new JobProgressUpdate(Job(here, 1, 2), null, null));
        stream.PublishLog(new JobLogLine(here, "test", DateTime.UtcNow, "from here"));
        stream.PublishFinished(Job(here, 2, 2, JobStates.Succeeded));

        // Events arrive in the order they were published, so once this process's end is in, anything of the other
        // instance (published before it) would be in too.
        await JobWaits.UntilAsync(() => everything.SelectMany(b => b.Finished).Count() == 2 && localOnly.SelectMany(b => b.Finished).Any(j => j.Id == here), "both ends");

        Assert.Equal([here], localOnly.SelectMany(b => b.Finished).Select(j => j.Id));
        Assert.Equal(["from here"], localOnly.SelectMany(b => b.Logs).Select(l => l.Line));
        Assert.DoesNotContain(localOnly.SelectMany(b => b.Updates), u => u.Job.Id == elsewhere);
        Assert.Equal(["from elsewhere", "from here"], everything.SelectMany(b => b.Logs).Select(l => l.Line));
        Assert.Contains(everything.SelectMany(b => b.Finished), j => j.Id == elsewhere);
    }
}
