using System.Text;
using System.Text.Json;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace JiraQuality.Core.Instances;

/// <summary>
/// Carries job progress between the instances on one PostgreSQL database in milliseconds with <c>LISTEN/NOTIFY</c>
/// (no other infrastructure): the states, log lines and ends this process's runner publishes are sent on
/// <see cref="Channel"/>, and those of the other instances are fed into this process's <see cref="JobEventStream"/>,
/// so the app bar, the hub and the pages see them at once. The job-table poll of <see cref="ClusterJobMonitor"/> stays
/// as the safety net for anything sent while a connection was down. Idle on SQLite.
/// </summary>
public sealed class PostgresJobNotifications(
    JobEventStream events,
    StorageOptions storage,
    InstanceIdentity instance,
    ILogger<PostgresJobNotifications> logger) : BackgroundService, ILocalJobEventSink
{
    public const string Channel = "jiraquality_jobs";

    /// <summary>PostgreSQL refuses payloads of 8000 bytes or more; a margin is kept.</summary>
    public const int MaxPayloadBytes = 7800;

    /// <summary>The shortest pause between two sends: a job reporting every item costs one notification per job per pause.</summary>
    public static readonly TimeSpan SendInterval = TimeSpan.FromMilliseconds(25);

    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Lock _gate = new();
    private readonly List<Guid> _updateOrder = [];
    private readonly Dictionary<Guid, JobProgressUpdate> _updates = [];
    private readonly List<JobLogLine> _logs = [];
    private readonly List<JobSnapshot> _finished = [];
    private readonly SemaphoreSlim _pending = new(0, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, byte> _notifiedJobs = new();
    private int _listening;
    private long _received;

    /// <summary>Whether the listening connection is up (the poll then leaves log lines to the notifications).</summary>
    public bool IsListening => Volatile.Read(ref _listening) == 1;

    /// <summary>
    /// Whether the lines and states of <paramref name="jobId"/> arrive as notifications (its instance sends them), so
    /// the job-table poll need not repeat its stored log tail.
    /// </summary>
    public bool Carries(Guid jobId) => IsListening && _notifiedJobs.ContainsKey(jobId);

    /// <summary>Notifications received from other instances so far.</summary>
    public long Received => Interlocked.Read(ref _received);

    private bool Enabled => storage.Provider == DatabaseProvider.Postgres;

    public void Updated(JobProgressUpdate update)
    {
        lock (_gate)
        {
            if (!_updates.ContainsKey(update.Job.Id))
            {
                _updateOrder.Add(update.Job.Id);
            }

            _updates[update.Job.Id] = update;
        }

        Signal();
    }

    public void Logged(IReadOnlyList<JobLogLine> lines)
    {
        lock (_gate)
        {
            _logs.AddRange(lines);
            if (_logs.Count > JobEventStream.MaxPendingLogLines)
            {
                _logs.RemoveRange(0, _logs.Count - JobEventStream.MaxPendingLogLines);
            }
        }

        Signal();
    }

    public void Finished(JobSnapshot job)
    {
        lock (_gate)
        {
            if (_updates.Remove(job.Id))
            {
                _updateOrder.Remove(job.Id);
            }

            _finished.Add(job);
        }

        Signal();
    }

    private void Signal()
    {
        if (_pending.CurrentCount == 0)
        {
            try
            {
                _pending.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return Task.CompletedTask;
        }

        events.AttachLocalSink(this);
        return Task.WhenAll(SendLoopAsync(stoppingToken), ListenLoopAsync(stoppingToken));
    }

    private async Task SendLoopAsync(CancellationToken stoppingToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(storage.ConnectionString);
        var failing = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _pending.WaitAsync(stoppingToken);
                var payloads = TakePayloads();
                if (payloads.Count == 0)
                {
                    continue;
                }

                try
                {
                    await using var command = dataSource.CreateCommand("SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p");
                    command.Parameters.Add(new NpgsqlParameter { Value = Channel });
                    command.Parameters.Add(new NpgsqlParameter { Value = payloads.ToArray() });
                    await command.ExecuteNonQueryAsync(stoppingToken);
                    if (failing)
                    {
                        logger.LogInformation("Sending job progress to the other instances works again");
                        failing = false;
                    }
                }
                catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    // The others still read the job table; say so once per outage.
                    if (!failing)
                    {
                        logger.LogWarning(ex, "Could not send job progress to the other instances; they read it from the job table meanwhile");
                        failing = true;
                    }
                }

                await Task.Delay(SendInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private List<string> TakePayloads()
    {
        List<JobProgressUpdate> updates;
        List<JobLogLine> logs;
        List<JobSnapshot> finished;
        lock (_gate)
        {
            updates = _updateOrder.Select(id => _updates[id]).ToList();
            logs = [.. _logs];
            finished = [.. _finished];
            _updateOrder.Clear();
            _updates.Clear();
            _logs.Clear();
            _finished.Clear();
        }

        var payloads = new List<string>();
        foreach (var update in updates)
        {
            payloads.Add(Serialize(new JobNotification(instance.Name, Bounded(update.Job), update.ItemsPerSecond, update.EstimatedRemaining?.TotalSeconds, false, null)));
        }

        // Lines go in order, as many per notification as fit.
        var batch = new List<JobLogLine>();
        var batchBytes = 0;
        foreach (var line in logs.Select(l => l with { Line = Truncate(l.Line, 1000)! }))
        {
            var bytes = Encoding.UTF8.GetByteCount(line.Line) + line.Kind.Length + 100;
            if (batch.Count > 0 && batchBytes + bytes > MaxPayloadBytes - 200)
            {
                payloads.Add(Serialize(new JobNotification(instance.Name, null, null, null, false, batch)));
                batch = [];
                batchBytes = 0;
            }

            batch.Add(line);
            batchBytes += bytes;
        }

        if (batch.Count > 0)
        {
            payloads.Add(Serialize(new JobNotification(instance.Name, null, null, null, false, batch)));
        }

        foreach (var job in finished)
        {
            payloads.Add(Serialize(new JobNotification(instance.Name, Bounded(job), null, null, true, null)));
        }

        return payloads.Where(p => Encoding.UTF8.GetByteCount(p) < 8000).ToList();
    }

    private async Task ListenLoopAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // A dedicated connection outside the pool: it waits for notifications and runs nothing else.
                var builder = new NpgsqlConnectionStringBuilder(storage.ConnectionString) { Pooling = false, KeepAlive = 30 };
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                Volatile.Write(ref _listening, 1);
                if (failing)
                {
                    logger.LogInformation("Listening for the other instances' job progress again");
                    failing = false;
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                Volatile.Write(ref _listening, 0);
                if (!failing)
                {
                    logger.LogWarning(ex, "Lost the notifications of the other instances' job progress; reading the job table until they are back");
                    failing = true;
                }

                try
                {
                    await Task.Delay(ReconnectDelay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            finally
            {
                Volatile.Write(ref _listening, 0);
            }
        }
    }

    private void OnNotification(string payload)
    {
        JobNotification? notification;
        try
        {
            notification = JsonSerializer.Deserialize<JobNotification>(payload, Json);
        }
        catch (JsonException)
        {
            return;
        }

        if (notification is null || notification.Origin == instance.Name)
        {
            return;
        }

        Interlocked.Increment(ref _received);
        foreach (var id in (notification.Logs ?? []).Select(l => l.JobId).Append(notification.Job?.Id ?? Guid.Empty).Where(id => id != Guid.Empty).Distinct())
        {
            if (_notifiedJobs.Count > 10_000)
            {
                _notifiedJobs.Clear();
            }

            _notifiedJobs.TryAdd(id, 0);
        }

        if (notification.Job is { } job)
        {
            if (notification.Finished)
            {
                events.PublishFinishedFromOtherInstance(job);
            }
            else
            {
                var eta = notification.EtaSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
                events.PublishFromOtherInstance(new JobProgressUpdate(job, notification.ItemsPerSecond, eta, FromOtherInstance: true));
            }
        }

        foreach (var line in notification.Logs ?? [])
        {
            events.PublishLogFromOtherInstance(line);
        }
    }

    private static JobSnapshot Bounded(JobSnapshot job) => job with
    {
        CurrentItem = Truncate(job.CurrentItem, 500),
        Error = Truncate(job.Error, 2000),
        Summary = Truncate(job.Summary, 2000),
    };

    private static string? Truncate(string? text, int max) => text is { Length: > 0 } && text.Length > max ? text[..max] + "…" : text;

    private static string Serialize(JobNotification notification) => JsonSerializer.Serialize(notification, Json);

    private sealed record JobNotification(
        string Origin,
        JobSnapshot? Job,
        double? ItemsPerSecond,
        double? EtaSeconds,
        bool Finished,
        IReadOnlyList<JobLogLine>? Logs);
}
