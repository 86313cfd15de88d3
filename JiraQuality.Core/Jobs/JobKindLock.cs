using System.Text;
using JiraQuality.Core.Storage;
using Npgsql;

namespace JiraQuality.Core.Jobs;

/// <summary>Keeps two app instances from running jobs of the same kind at once.</summary>
public interface IJobKindLock
{
    /// <summary>The lock for <paramref name="kind"/>, held until the result is disposed; null when another holder has it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string kind, CancellationToken cancellationToken);
}

/// <summary>
/// The embedded SQLite database belongs to one process, whose runner already runs one job per kind at a time.
/// </summary>
public sealed class InProcessJobKindLock : IJobKindLock
{
    public Task<IAsyncDisposable?> TryAcquireAsync(string kind, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(Released.Instance);

    private sealed class Released : IAsyncDisposable
    {
        public static readonly Released Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>
/// A lock file per kind (or per job) beside a SQLite database file, held open and locked for the length of a job, so a
/// second process on the same file (a verb while the app runs) neither runs the kind at the same time nor takes the
/// other's running job for a crashed one. The operating system releases it when the process dies.
/// </summary>
public sealed class FileJobKindLock(string databaseFile) : IJobKindLock
{
    /// <summary>The lock that fits the database: advisory locks on PostgreSQL, lock files beside a SQLite file.</summary>
    public static IJobKindLock For(StorageOptions storage) =>
        storage.Provider == DatabaseProvider.Postgres
            ? new PostgresAdvisoryJobKindLock(storage)
            : Scoring.Processing.ProcessingLane.LockFilePath(storage.ConnectionString) is { } path
                ? new FileJobKindLock(path[..path.LastIndexOf(".processing.lock", StringComparison.Ordinal)])
                : new InProcessJobKindLock();

    public Task<IAsyncDisposable?> TryAcquireAsync(string kind, CancellationToken cancellationToken)
    {
        var safe = string.Concat(kind.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_'));
        var path = $"{databaseFile}.job-{safe}.lock";
        try
        {
            // FileShare.None is an exclusive lock against other processes and other handles here alike.
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            // A kind's file stays (as the processing lane's does); a job's own is removed once the job has ended.
            return Task.FromResult<IAsyncDisposable?>(new Held(stream, path, removeAfter: !kind.Equals(safe, StringComparison.Ordinal)));
        }
        catch (IOException)
        {
            return Task.FromResult<IAsyncDisposable?>(null);
        }
        catch (UnauthorizedAccessException)
        {
            // A read-only folder cannot hold the lock file; the database there cannot be written either.
            return new InProcessJobKindLock().TryAcquireAsync(kind, cancellationToken);
        }
    }

    private sealed class Held(FileStream stream, string path, bool removeAfter) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stream.DisposeAsync();
            if (removeAfter)
            {
                try
                {
                    File.Delete(path);
                }
                catch (IOException)
                {
                    // Left for the next one; it is empty.
                }
            }
        }
    }
}

/// <summary>
/// A PostgreSQL session-level advisory lock per kind, held on its own connection for the length of a job. The server
/// releases it when that connection dies, so a crashed instance never leaves a kind locked.
/// </summary>
public sealed class PostgresAdvisoryJobKindLock(StorageOptions storage) : IJobKindLock
{
    /// <summary>The first half of every job lock key ("JQJB"), so other advisory locks on the database cannot clash.</summary>
    public const int LockNamespace = 0x4A514A42;

    public async Task<IAsyncDisposable?> TryAcquireAsync(string kind, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(storage.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@space, @key)", connection);
            command.Parameters.AddWithValue("space", LockNamespace);
            command.Parameters.AddWithValue("key", KeyOf(kind));
            var acquired = (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
            if (acquired)
            {
                return new Lease(connection, kind);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    /// <summary>A stable 32-bit key per kind (FNV-1a), the same in every process and version.</summary>
    public static int KeyOf(string kind)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(kind))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return unchecked((int)hash);
    }

    private sealed class Lease(NpgsqlConnection connection, string kind) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // The connection goes back to the pool, so the session lock must be released explicitly.
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@space, @key)", connection);
                command.Parameters.AddWithValue("space", LockNamespace);
                command.Parameters.AddWithValue("key", KeyOf(kind));
                await command.ExecuteScalarAsync();
            }
            catch (NpgsqlException)
            {
                // A broken connection has lost the lock already.
                NpgsqlConnection.ClearPool(connection);
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
