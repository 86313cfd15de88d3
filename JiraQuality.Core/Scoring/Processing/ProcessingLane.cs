using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>
/// Lets one processing run at a time choose and score conversations, whatever started it: a <c>processing</c> or
/// <c>rescore</c> job, the processing inside <c>refresh</c>, a follow-up of an import or of <c>reapply-roles</c>, or the
/// <c>process</c> verb. Two runs that selected the same pending conversations would both send them to the LLM; a run
/// that waits here selects afterwards and finds only what is still pending. Within a process a semaphore keeps the
/// order; across processes SQLite holds a lock file beside the database. On PostgreSQL, runs of different instances
/// do not wait for each other: they share the backlog through <see cref="ProcessingClaims"/>, so a second instance adds
/// throughput instead of waiting.
/// </summary>
public sealed class ProcessingLane
{
    private readonly SemaphoreSlim _local = new(1, 1);
    private readonly StorageOptions? _storage;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public ProcessingLane(StorageOptions? storage = null, TimeProvider? timeProvider = null, ILogger<ProcessingLane>? logger = null)
    {
        _storage = storage;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>How often a run waiting for another process's run looks again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Waits until no other run processes, then holds the lane until the result is disposed.</summary>
    public async Task<IAsyncDisposable> EnterAsync(IJobProgress progress, CancellationToken cancellationToken)
    {
        if (!await _local.WaitAsync(0, cancellationToken))
        {
            Say(progress, "Another processing run is under way here; this one starts when it ends and scores what is still pending then.");
            await _local.WaitAsync(cancellationToken);
        }

        try
        {
            var waiting = false;
            while (true)
            {
                var lease = TryAcquireShared();
                if (lease is not null)
                {
                    return new Lease(this, lease);
                }

                if (!waiting)
                {
                    waiting = true;
                    Say(progress, "Another process is running processing on this database; this run starts when it ends.");
                }

                await Task.Delay(PollInterval, _timeProvider, cancellationToken);
            }
        }
        catch
        {
            _local.Release();
            throw;
        }
    }

    private void Say(IJobProgress progress, string line)
    {
        _logger.LogInformation("{Line}", line);
        progress.Log(line);
    }

    private IAsyncDisposable? TryAcquireShared()
    {
        if (_storage is null)
        {
            return Nothing.Instance;
        }

        if (_storage.Provider == DatabaseProvider.Postgres)
        {
            // Each run claims the conversations it scores; nothing to hold across instances.
            return Nothing.Instance;
        }

        return LockFilePath(_storage.ConnectionString) is { } path ? TryLockFile(path) : Nothing.Instance;
    }

    /// <summary>The lock file beside a SQLite database file; null for in-memory databases, which one process owns.</summary>
    public static string? LockFilePath(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return string.IsNullOrWhiteSpace(source) || source.Trim() == ":memory:" || source.StartsWith("file::memory:", StringComparison.OrdinalIgnoreCase)
            ? null
            : Path.GetFullPath(source) + ".processing.lock";
    }

    private static IAsyncDisposable? TryLockFile(string path)
    {
        try
        {
            // FileShare.None is an exclusive lock: other processes (and other handles here) are refused while it is open. The
            // file stays in place, so two waiters can never lock two different files of the same name.
            return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            // A read-only folder cannot hold the lock file; the database there cannot be written either.
            return Nothing.Instance;
        }
    }

    private sealed class FileLock(FileStream stream) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => stream.DisposeAsync();
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public static readonly Nothing Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Lease(ProcessingLane lane, IAsyncDisposable shared) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }

            try
            {
                await shared.DisposeAsync();
            }
            finally
            {
                lane._local.Release();
            }
        }
    }
}
