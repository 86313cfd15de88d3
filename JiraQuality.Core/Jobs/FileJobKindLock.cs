using JiraQuality.Core.Storage;

namespace JiraQuality.Core.Jobs;

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
