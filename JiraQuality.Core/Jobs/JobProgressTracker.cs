using System.Globalization;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Core.Jobs;

/// <summary>
/// The <see cref="IJobProgress"/> a running job reports to: keeps counts, rate, log tail and cost, and publishes each
/// change to the event stream. Thread-safe, because handlers report from parallel workers.
/// </summary>
public sealed class JobProgressTracker : IJobProgress
{
    private readonly Lock _gate = new();
    private readonly JobSnapshot _started;
    private readonly JobEventStream _events;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly int _logTailLines;
    private readonly long _startTimestamp;
    private readonly Queue<string> _logTail = new();
    private int _completed;
    private int _total;
    private string? _currentItem;
    private double _costUsd;
    private long _version;

    public JobProgressTracker(JobSnapshot started, JobEventStream events, TimeProvider timeProvider, ILogger logger, int logTailLines)
    {
        _started = started;
        _events = events;
        _timeProvider = timeProvider;
        _logger = logger;
        _logTailLines = Math.Max(1, logTailLines);
        _startTimestamp = timeProvider.GetTimestamp();
    }

    public Guid? JobId => _started.Id;

    /// <summary>Grows with every change, so the saver knows whether there is anything new to store.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>The exact line the predecessor logged and its monitors parse.</summary>
    public static string FormatProgressLine(int completed, int total, string? currentItem)
    {
        var percent = total <= 0 ? 0 : 100.0 * completed / total;
        var line = string.Create(CultureInfo.InvariantCulture, $"Processing progress: {completed}/{total} ({percent:0.0}%)");
        return string.IsNullOrEmpty(currentItem) ? line : $"{line} [{currentItem}]";
    }

    public void Report(int completed, int total, string? currentItem = null)
    {
        var line = FormatProgressLine(completed, total, currentItem);
        JobProgressUpdate update;
        lock (_gate)
        {
            _completed = completed;
            _total = total;
            _currentItem = currentItem;
            AppendLocked(line);
            update = CurrentUpdateLocked();
        }

        _logger.LogDebug("Job {JobId} ({Kind}): {ProgressLine}", _started.Id, _started.Kind, line);
        _events.PublishLog(new JobLogLine(_started.Id, _started.Kind, _timeProvider.GetUtcNow().UtcDateTime, line));
        _events.PublishUpdate(update);
    }

    /// <summary>
    /// One progress line per item, as <see cref="Report"/> writes them, but one update and one hand-over of the lines to the
    /// event stream for the whole batch, so a fast job does not pay for its log line by line.
    /// </summary>
    public void ReportItems(int completedBefore, int total, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }

        var now = _timeProvider.GetUtcNow().UtcDateTime;
        var lines = new JobLogLine[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            lines[i] = new JobLogLine(_started.Id, _started.Kind, now, FormatProgressLine(completedBefore + i + 1, total, items[i]));
        }

        JobProgressUpdate update;
        lock (_gate)
        {
            _completed = completedBefore + items.Count;
            _total = total;
            _currentItem = items[^1];

            // Lines older than the tail's length would leave it again within this same call.
            for (var i = Math.Max(0, lines.Length - _logTailLines); i < lines.Length; i++)
            {
                AppendLocked(lines[i].Line);
            }

            update = CurrentUpdateLocked();
        }

        _logger.LogDebug("Job {JobId} ({Kind}): {ProgressLine}", _started.Id, _started.Kind, lines[^1].Line);
        _events.PublishLogs(lines);
        _events.PublishUpdate(update);
    }

    public void Log(string line)
    {
        var clean = line.ReplaceLineEndings(" ");
        lock (_gate)
        {
            AppendLocked(clean);
        }

        _logger.LogInformation("Job {JobId} ({Kind}): {Line}", _started.Id, _started.Kind, clean);
        _events.PublishLog(new JobLogLine(_started.Id, _started.Kind, _timeProvider.GetUtcNow().UtcDateTime, clean));
    }

    public void AddCost(double usd)
    {
        lock (_gate)
        {
            _costUsd += usd;
            Interlocked.Increment(ref _version);
        }
    }

    public JobProgressState Capture()
    {
        lock (_gate)
        {
            return new JobProgressState(_completed, _total, _currentItem, _logTail.ToList(), _costUsd);
        }
    }

    /// <summary>The running job's snapshot with its rate and estimated time left.</summary>
    public JobProgressUpdate CurrentUpdate()
    {
        lock (_gate)
        {
            return CurrentUpdateLocked();
        }
    }

    private void AppendLocked(string line)
    {
        _logTail.Enqueue(line);
        while (_logTail.Count > _logTailLines)
        {
            _logTail.Dequeue();
        }

        Interlocked.Increment(ref _version);
    }

    private JobProgressUpdate CurrentUpdateLocked()
    {
        var snapshot = _started with { Completed = _completed, Total = _total, CurrentItem = _currentItem };
        var elapsed = _timeProvider.GetElapsedTime(_startTimestamp);
        double? rate = elapsed > TimeSpan.Zero && _completed > 0 ? _completed / elapsed.TotalSeconds : null;
        TimeSpan? eta = rate is > 0 && _total >= _completed ? TimeSpan.FromSeconds((_total - _completed) / rate.Value) : null;
        return new JobProgressUpdate(snapshot, rate, eta);
    }
}
