using Microsoft.Extensions.Logging;

namespace JiraQuality.Core.Jobs;

/// <summary>One subscriber: the latest state per job and its pending log lines, delivered at most once per interval.</summary>
public sealed partial class JobEventStream
{
    private sealed class Subscription(JobEventStream stream, Func<JobEventBatch, Task> onBatch, JobSubscriptionOptions options) : IDisposable
    {
        private readonly Lock _gate = new();
        private readonly List<Guid> _updateOrder = [];
        private readonly Dictionary<Guid, JobProgressUpdate> _updates = [];
        private readonly Queue<JobLogLine> _logs = new();
        private readonly List<JobSnapshot> _finished = [];
        private readonly CancellationTokenSource _disposed = new();
        private bool _delivering;
        private long _lastDeliveryTimestamp;

        public void Add(JobProgressUpdate update, bool local)
        {
            if (!Wants(local) || !Matches(update.Job.Id, update.Job.Kind))
            {
                return;
            }

            lock (_gate)
            {
                if (!_updates.ContainsKey(update.Job.Id))
                {
                    _updateOrder.Add(update.Job.Id);
                }

                _updates[update.Job.Id] = update;
                ScheduleLocked();
            }
        }

        public void Add(JobLogLine line, bool local)
        {
            if (!options.IncludeLogs || !Wants(local) || !Matches(line.JobId, line.Kind))
            {
                return;
            }

            lock (_gate)
            {
                _logs.Enqueue(line);
                while (_logs.Count > MaxPendingLogLines)
                {
                    _logs.Dequeue();
                }

                ScheduleLocked();
            }
        }

        public void Add(IReadOnlyList<JobLogLine> lines)
        {
            if (!options.IncludeLogs || !Matches(lines[0].JobId, lines[0].Kind))
            {
                return;
            }

            lock (_gate)
            {
                // Only the newest lines can stay pending; older ones would be dropped on arrival.
                for (var i = Math.Max(0, lines.Count - MaxPendingLogLines); i < lines.Count; i++)
                {
                    _logs.Enqueue(lines[i]);
                }

                while (_logs.Count > MaxPendingLogLines)
                {
                    _logs.Dequeue();
                }

                ScheduleLocked();
            }
        }

        public void Add(JobSnapshot finished, bool local)
        {
            if (!Wants(local) || !Matches(finished.Id, finished.Kind))
            {
                return;
            }

            lock (_gate)
            {
                // The final state supersedes any progress still pending for that job.
                if (_updates.Remove(finished.Id))
                {
                    _updateOrder.Remove(finished.Id);
                }

                _finished.Add(finished);
                ScheduleLocked();
            }
        }

        public void Dispose()
        {
            stream.Remove(this);
            _disposed.Cancel();
        }

        private bool Wants(bool local) => local || !options.LocalOnly;

        private bool Matches(Guid jobId, string kind) =>
            (options.JobId is null || options.JobId == jobId) && (options.Kind is null || options.Kind == kind);

        private void ScheduleLocked()
        {
            if (_delivering || _disposed.IsCancellationRequested)
            {
                return;
            }

            _delivering = true;
            _ = Task.Run(DeliverAsync);
        }

        private async Task DeliverAsync()
        {
            try
            {
                while (!_disposed.IsCancellationRequested)
                {
                    var sinceLast = _lastDeliveryTimestamp == 0
                        ? options.MinInterval
                        : stream._timeProvider.GetElapsedTime(_lastDeliveryTimestamp);
                    if (sinceLast < options.MinInterval)
                    {
                        await Task.Delay(options.MinInterval - sinceLast, stream._timeProvider, _disposed.Token);
                    }

                    JobEventBatch batch;
                    lock (_gate)
                    {
                        if (_updates.Count == 0 && _logs.Count == 0 && _finished.Count == 0)
                        {
                            _delivering = false;
                            return;
                        }

                        batch = new JobEventBatch(
                            _updateOrder.Select(id => _updates[id]).ToList(),
                            _logs.ToList(),
                            _finished.ToList());
                        _updateOrder.Clear();
                        _updates.Clear();
                        _logs.Clear();
                        _finished.Clear();
                    }

                    _lastDeliveryTimestamp = stream._timeProvider.GetTimestamp();
                    try
                    {
                        await onBatch(batch);
                    }
                    catch (Exception ex)
                    {
                        // One broken subscriber (a closed circuit) must not stop the others or the job.
                        stream._logger.LogWarning(ex, "A job event subscriber failed");
                    }
                }
            }
            catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
            {
                // Unsubscribed while waiting.
            }

            lock (_gate)
            {
                _delivering = false;
            }
        }
    }
}
