using JiraQuality.Core.Jobs;
using Microsoft.Extensions.Logging.Abstractions;

namespace JiraQuality.Tests.Jobs;

/// <summary>A batch of progress reported at once leaves the same log and state as one report per item.</summary>
public sealed class JobProgressBatchTests
{
    [Fact]
    public async Task A_batch_report_keeps_every_line_in_order_in_the_tail_and_the_stream_with_one_update()
    {
        var events = new JobEventStream(TimeProvider.System);
        var started = new JobSnapshot(Guid.NewGuid(), JobKinds.Processing, JobStates.Running, JobRequesters.CommandLine, 0, 0, null, DateTime.UtcNow, DateTime.UtcNow, null, null, null);
        var tracker = new JobProgressTracker(started, events, TimeProvider.System, NullLogger.Instance, logTailLines: 5);
        var lines = new List<string>();
        var updates = 0;
        var allLines = new TaskCompletionSource();
        using var subscription = events.Subscribe(
            batch =>
            {
                lock (lines)
                {
                    lines.AddRange(batch.Logs.Select(l => l.Line));
                    updates += batch.Updates.Count;
                    if (lines.Count >= 12)
                    {
                        allLines.TrySetResult();
                    }
                }

                return Task.CompletedTask;
            },
            new JobSubscriptionOptions { MinInterval = TimeSpan.Zero });

        tracker.ReportItems(0, 12, Enumerable.Range(1, 9).Select(i => $"K-{i}").ToList());
        tracker.ReportItems(9, 12, ["K-10", "K-11", "K-12"]);
        await allLines.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var expected = Enumerable.Range(1, 12).Select(i => JobProgressTracker.FormatProgressLine(i, 12, $"K-{i}")).ToList();
        Assert.Equal(expected, lines);
        Assert.InRange(updates, 1, 2);
        var state = tracker.Capture();
        Assert.Equal((12, 12, "K-12"), (state.Completed, state.Total, state.CurrentItem));
        Assert.Equal(expected.TakeLast(5), state.LogTail);
        Assert.Equal("Processing progress: 12/12 (100.0%) [K-12]", state.LogTail[^1]);
    }
}
