using System.Data.Common;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>
/// Claims with a lease in PostgreSQL (table <c>processing_claims</c>) on the conversations a processing run is about to
/// score, so runs on several instances (and several runs on one) share one backlog: each conversation is taken by one
/// run at a time, a run renews its leases while it works, releases them once the results are stored, and the claims of
/// an instance that died run out and are taken over. Leases are measured on the database's clock, so instances whose
/// clocks differ agree on them. SQLite, whose file one process writes, keeps its single processing lane instead.
/// </summary>
public sealed class ProcessingClaims
{
    private readonly IDbContextFactory<JiraQualityDbContext> _contextFactory;
    private readonly ILogger _logger;

    public ProcessingClaims(
        IDbContextFactory<JiraQualityDbContext> contextFactory,
        StorageOptions? storage = null,
        Microsoft.Extensions.Options.IOptions<ScoringOptions>? scoringOptions = null,
        ILogger<ProcessingClaims>? logger = null)
    {
        _contextFactory = contextFactory;
        Enabled = storage is null ? IsPostgres(contextFactory) : storage.Provider == DatabaseProvider.Postgres;
        Lease = scoringOptions?.Value.ClaimLease is { } lease && lease > TimeSpan.Zero ? lease : ScoringOptions.DefaultClaimLease;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>True on PostgreSQL; on SQLite nothing is claimed (one run at a time holds the processing lane).</summary>
    public bool Enabled { get; }

    /// <summary>How long a claim holds without renewal.</summary>
    public TimeSpan Lease { get; }

    /// <summary>How often a run renews its leases: a third of the lease, so one missed renewal loses nothing.</summary>
    public TimeSpan RenewInterval => Lease / 3;

    /// <summary>
    /// Claims those of <paramref name="keys"/> that no other run holds (or whose lease ran out) for
    /// <paramref name="owner"/> and returns them; the others are left to their holder.
    /// </summary>
    public async Task<HashSet<string>> TryClaimAsync(string owner, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return new HashSet<string>(keys, StringComparer.Ordinal);
        }

        // Sorted, so two runs claiming overlapping batches lock the rows in the same order and never deadlock.
        var sorted = keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        const string sql = """
            INSERT INTO processing_claims (issue_key, claimed_by, claimed_until_utc)
            SELECT k, @owner, clock_timestamp() + @lease FROM unnest(@keys) WITH ORDINALITY AS t(k, n) ORDER BY n
            ON CONFLICT (issue_key) DO UPDATE SET claimed_by = excluded.claimed_by, claimed_until_utc = excluded.claimed_until_utc
            WHERE processing_claims.claimed_until_utc < clock_timestamp() OR processing_claims.claimed_by = excluded.claimed_by
            RETURNING issue_key
            """;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var claimed = new HashSet<string>(StringComparer.Ordinal);
                await ExecuteAsync(
                    sql,
                    command =>
                    {
                        command.Parameters.AddWithValue("owner", owner);
                        command.Parameters.AddWithValue("lease", Lease);
                        command.Parameters.AddWithValue("keys", sorted);
                    },
                    async command =>
                    {
                        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                        while (await reader.ReadAsync(cancellationToken))
                        {
                            claimed.Add(reader.GetString(0));
                        }
                    },
                    cancellationToken);
                return claimed;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 5)
            {
                _logger.LogDebug(ex, "Claiming {Count} conversations met another run's claim; trying again", sorted.Length);
            }
        }
    }

    /// <summary>
    /// Which of <paramref name="keys"/> other runs hold now, and which they held but whose lease ran out (their instance
    /// died); the rest are claimed by nobody.
    /// </summary>
    public async Task<(HashSet<string> Held, HashSet<string> Expired)> HeldElsewhereAsync(string owner, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var held = new HashSet<string>(StringComparer.Ordinal);
        var expired = new HashSet<string>(StringComparer.Ordinal);
        if (!Enabled || keys.Count == 0)
        {
            return (held, expired);
        }

        await ExecuteAsync(
            "SELECT issue_key, claimed_until_utc >= clock_timestamp() FROM processing_claims WHERE claimed_by <> @owner AND issue_key = ANY(@keys)",
            command =>
            {
                command.Parameters.AddWithValue("owner", owner);
                command.Parameters.AddWithValue("keys", keys.ToArray());
            },
            async command =>
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    (reader.GetBoolean(1) ? held : expired).Add(reader.GetString(0));
                }
            },
            cancellationToken);
        return (held, expired);
    }

    /// <summary>Extends the lease of every claim <paramref name="owner"/> holds.</summary>
    public Task RenewAsync(string owner, CancellationToken cancellationToken) =>
        !Enabled
            ? Task.CompletedTask
            : ExecuteAsync(
                "UPDATE processing_claims SET claimed_until_utc = clock_timestamp() + @lease WHERE claimed_by = @owner",
                command =>
                {
                    command.Parameters.AddWithValue("owner", owner);
                    command.Parameters.AddWithValue("lease", Lease);
                },
                command => command.ExecuteNonQueryAsync(cancellationToken),
                cancellationToken);

    /// <summary>
    /// Gives back <paramref name="keys"/> once their results are stored or abandoned; when null, all of the owner's claims
    /// and every claim whose lease has run out.
    /// </summary>
    public Task ReleaseAsync(string owner, IReadOnlyCollection<string>? keys, CancellationToken cancellationToken)
    {
        if (!Enabled || keys is { Count: 0 })
        {
            return Task.CompletedTask;
        }

        return ExecuteAsync(
            keys is null
                // A run that ends also clears claims whose lease ran out: a run killed between storing a batch and releasing
                // it leaves claims on conversations nobody will take again.
                ? "DELETE FROM processing_claims WHERE claimed_by = @owner OR claimed_until_utc < clock_timestamp()"
                : "DELETE FROM processing_claims WHERE claimed_by = @owner AND issue_key = ANY(@keys)",
            command =>
            {
                command.Parameters.AddWithValue("owner", owner);
                if (keys is not null)
                {
                    command.Parameters.AddWithValue("keys", keys.ToArray());
                }
            },
            command => command.ExecuteNonQueryAsync(cancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// Renews the owner's leases every <see cref="RenewInterval"/> until the result is disposed; then releases what is
    /// still claimed. A run that dies without disposing it leaves its claims to run out.
    /// </summary>
    public IAsyncDisposable Hold(string owner)
    {
        if (!Enabled)
        {
            return NoHold.Instance;
        }

        var stop = new CancellationTokenSource();
        var renewing = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(RenewInterval);
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    try
                    {
                        await RenewAsync(owner, stop.Token);
                    }
                    catch (Exception ex) when (ex is DbException or InvalidOperationException)
                    {
                        // The next tick tries again; a lease is three renewals long.
                        _logger.LogWarning(ex, "Could not renew the processing claims of run {Owner}", owner);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The run ended.
            }
        });
        return new Renewal(this, owner, stop, renewing);
    }

    private static bool IsPostgres(IDbContextFactory<JiraQualityDbContext> contextFactory)
    {
        using var db = contextFactory.CreateDbContext();
        return db.Database.IsNpgsql();
    }

    private async Task ExecuteAsync(string sql, Action<NpgsqlCommand> bind, Func<NpgsqlCommand, Task> run, CancellationToken cancellationToken)
    {
        await using var db = await _contextFactory.CreateDbContextAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        bind(command);
        await run(command);
    }

    private sealed class NoHold : IAsyncDisposable
    {
        public static readonly NoHold Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Renewal(ProcessingClaims claims, string owner, CancellationTokenSource stop, Task renewing) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await renewing;
            stop.Dispose();
            try
            {
                await claims.ReleaseAsync(owner, keys: null, CancellationToken.None);
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException)
            {
                // They run out on their own.
                claims._logger.LogWarning(ex, "Could not release the processing claims of run {Owner}", owner);
            }
        }
    }
}
