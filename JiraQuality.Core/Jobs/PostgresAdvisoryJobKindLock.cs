using System.Text;
using JiraQuality.Core.Storage;
using Npgsql;

namespace JiraQuality.Core.Jobs;

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
