using System.Text.Json;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Jobs;

/// <summary>Reads and writes the stored job records (table <c>job_runs</c>).</summary>
public sealed class JobStore(
    IDbContextFactory<JiraQualityDbContext> contextFactory,
    Instances.InstanceIdentity? instance = null,
    TimeProvider? timeProvider = null)
{
    public const char LogLineSeparator = '\n';

    /// <summary>
    /// Stores a queued job. With an <paramref name="inputKey"/> (see <see cref="InputKeyOf"/>) the database refuses a
    /// second queued job of the kind with the same key (<see cref="IsDuplicateQueuedJob"/>); without one the job is
    /// never taken for another.
    /// </summary>
    public async Task<StoredJob> CreateAsync(JobRequest request, Guid id, DateTime createdAtUtc, CancellationToken cancellationToken, string? inputKey = null)
    {
        var run = new JobRun
        {
            Id = id,
            Kind = request.Kind,
            ParametersJson = SerializeParameters(request.Parameters),
            InputKey = inputKey ?? id.ToString(),
            RequestedBy = request.RequestedBy,
            State = JobStates.Queued,
            CreatedAtUtc = createdAtUtc,
        };
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        db.JobRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        return ToStored(run);
    }

    /// <summary>Parameters that record where a job came from, not what it works on.</summary>
    private static readonly string[] BookkeepingParameters = [JobRunner.ResumedFromParameter, JobRunner.AfterParameter];

    /// <summary>
    /// What makes two requests the same job: nothing beyond the kind for kinds that work on the whole backlog; for kinds
    /// with inputs of their own, the parameters without bookkeeping (which job it resumes or follows), hashed so any
    /// length fits the index.
    /// </summary>
    public static string InputKeyOf(JobRequest request, bool distinctInputs)
    {
        if (!distinctInputs)
        {
            return "";
        }

        var input = request.Parameters.Where(p => !BookkeepingParameters.Contains(p.Key, StringComparer.Ordinal)).ToDictionary();
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(SerializeParameters(input))));
    }

    /// <summary>True when a save failed because an equal job (same kind and input key) is already queued.</summary>
    public static bool IsDuplicateQueuedJob(DbUpdateException exception) => exception.InnerException switch
    {
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19,
        _ => false,
    };

    /// <summary>The queued job of <paramref name="kind"/> with <paramref name="inputKey"/>, if there is one.</summary>
    public async Task<StoredJob?> FindQueuedAsync(string kind, string inputKey, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var run = await db.JobRuns.AsNoTracking()
            .SingleOrDefaultAsync(j => j.Kind == kind && j.InputKey == inputKey && j.State == JobStates.Queued, cancellationToken);
        return run is null ? null : ToStored(run);
    }

    public async Task<StoredJob?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var run = await FindRunAsync(id, cancellationToken);
        return run is null ? null : ToStored(run);
    }

    private async Task<JobRun?> FindRunAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.JobRuns.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, cancellationToken);
    }

    /// <summary>Only the stored state of a job (polled while it runs); null when there is no such job.</summary>
    public async Task<string?> GetStateAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.JobRuns.Where(j => j.Id == id).Select(j => j.State).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Active (queued or running) jobs, oldest first, optionally of one kind.</summary>
    public async Task<IReadOnlyList<StoredJob>> ListActiveAsync(string? kind, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.JobRuns.AsNoTracking().Where(j => j.State == JobStates.Queued || j.State == JobStates.Running);
        if (kind is not null)
        {
            query = query.Where(j => j.Kind == kind);
        }

        var runs = await query.ToListAsync(cancellationToken);
        return runs.OrderBy(j => j.CreatedAtUtc).Select(ToStored).ToList();
    }

    /// <summary>
    /// What a watcher of a shared database needs each poll, without parameters: every queued or running job, every job
    /// created at or after <paramref name="createdSinceUtc"/> (one that started and ended between two polls), and the
    /// jobs named in <paramref name="watchedIds"/> whatever their state (the ones seen active before). Each condition is
    /// served by an index (state, created-at, primary key). Log tails come only with active and watched jobs.
    /// </summary>
    public async Task<IReadOnlyList<WatchedJob>> ListForWatchAsync(
        IReadOnlyCollection<Guid> watchedIds, DateTime createdSinceUtc, CancellationToken cancellationToken)
    {
        var ids = watchedIds.ToList();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var runs = await db.JobRuns.AsNoTracking()
            .Where(j => j.State == JobStates.Queued || j.State == JobStates.Running || j.CreatedAtUtc >= createdSinceUtc || ids.Contains(j.Id))
            .Select(j => new JobRun
            {
                Id = j.Id,
                Kind = j.Kind,
                RequestedBy = j.RequestedBy,
                State = j.State,
                Completed = j.Completed,
                Total = j.Total,
                CurrentItem = j.CurrentItem,
                CreatedAtUtc = j.CreatedAtUtc,
                StartedAtUtc = j.StartedAtUtc,
                FinishedAtUtc = j.FinishedAtUtc,
                Error = j.Error,
                Summary = j.Summary,
                LogTail = j.State == JobStates.Queued || j.State == JobStates.Running || ids.Contains(j.Id) ? j.LogTail : "",
            })
            .ToListAsync(cancellationToken);
        return runs.OrderBy(j => j.CreatedAtUtc).Select(run => new WatchedJob(ToSnapshot(run), SplitLog(run.LogTail))).ToList();
    }

    public async Task<IReadOnlyList<JobSnapshot>> ListAsync(JobListFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.JobRuns.AsNoTracking();
        if (!string.IsNullOrEmpty(filter.State))
        {
            query = query.Where(j => j.State == filter.State);
        }

        if (!string.IsNullOrEmpty(filter.Kind))
        {
            query = query.Where(j => j.Kind == filter.Kind);
        }

        var runs = await query
            .OrderByDescending(j => j.CreatedAtUtc)
            .Take(Math.Clamp(filter.Take, 1, 1000))
            .ToListAsync(cancellationToken);
        return runs.Select(ToSnapshot).ToList();
    }

    /// <summary>
    /// The job queued to follow <paramref name="previousId"/> (its <c>then</c> parameter), or, when the follow-up
    /// joined a job of <paramref name="kind"/> that was already waiting, that job; null when there is none yet.
    /// </summary>
    public async Task<JobSnapshot?> FindFollowUpAsync(Guid previousId, string kind, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var marker = $"\"{JobRunner.AfterParameter}\":\"{previousId}\"";
        var direct = await db.JobRuns.AsNoTracking()
            .Where(j => j.Kind == kind && j.ParametersJson.Contains(marker))
            .ToListAsync(cancellationToken);
        if (direct.Count > 0)
        {
            return ToSnapshot(direct.OrderBy(j => j.CreatedAtUtc).First());
        }

        var previous = await db.JobRuns.AsNoTracking().SingleOrDefaultAsync(j => j.Id == previousId, cancellationToken);
        if (previous?.StartedAtUtc is not { } startedAt)
        {
            return null;
        }

        var joined = await db.JobRuns.AsNoTracking()
            .Where(j => j.Kind == kind && j.Id != previousId && (j.State == JobStates.Queued || j.State == JobStates.Running))
            .ToListAsync(cancellationToken);
        return joined.Where(j => (j.StartedAtUtc ?? DateTime.MaxValue) >= startedAt)
            .OrderBy(j => j.CreatedAtUtc)
            .Select(ToSnapshot)
            .FirstOrDefault();
    }

    /// <summary>Every kind that has a stored job, for filters.</summary>
    public async Task<IReadOnlyList<string>> ListKindsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var kinds = await db.JobRuns.AsNoTracking().Select(j => j.Kind).Distinct().ToListAsync(cancellationToken);
        return kinds.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The job with its cost: the sum of its rows in the cost ledger (<c>llm_calls</c>) once it has any.</summary>
    public async Task<JobDetails?> GetDetailsAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var run = await FindRunAsync(id, cancellationToken);
        if (run is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var calls = db.LlmCalls.Where(c => c.JobId == id);
        var cost = await calls.AnyAsync(cancellationToken) ? await calls.SumAsync(c => c.CostUsd, cancellationToken) ?? 0 : run.CostUsd;
        return new JobDetails(ToSnapshot(run), DeserializeParameters(run.ParametersJson), SplitLog(run.LogTail), run.Failed, cost);
    }

    /// <summary>
    /// Moves a queued job to running, recording this instance and its first heartbeat; false when it is no longer queued
    /// (cancelled, or claimed elsewhere). With <paramref name="releaseInputKey"/> the job gives up its input key, so an
    /// equal request can queue behind it.
    /// </summary>
    public async Task<bool> TryClaimAsync(Guid id, DateTime startedAtUtc, CancellationToken cancellationToken, bool releaseInputKey = false)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ownKey = id.ToString();
        var instanceName = instance?.Name;
        var claimed = await db.JobRuns
            .Where(j => j.Id == id && j.State == JobStates.Queued)
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.State, JobStates.Running)
                    .SetProperty(j => j.StartedAtUtc, startedAtUtc)
                    .SetProperty(j => j.InputKey, j => releaseInputKey ? ownKey : j.InputKey)
                    .SetProperty(j => j.Instance, instanceName)
                    .SetProperty(j => j.HeartbeatAtUtc, startedAtUtc),
                cancellationToken);
        return claimed == 1;
    }

    /// <summary>
    /// Sets a processing job's completed count to the processed conversations it stored (each row names its job), for a job
    /// whose instance died between two progress writes.
    /// </summary>
    public async Task CountStoredResultsAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.ProcessedConversations.CountAsync(p => p.JobId == id, cancellationToken);
        await db.JobRuns.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Completed, stored), cancellationToken);
    }

    /// <summary>Records that the instance running the job is alive (when there is no progress to write).</summary>
    public async Task BeatAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = Now();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.JobRuns.Where(j => j.Id == id && j.State == JobStates.Running)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.HeartbeatAtUtc, now), cancellationToken);
    }

    private DateTime Now() => (timeProvider ?? TimeProvider.System).GetUtcNow().UtcDateTime;

    /// <summary>Ends a job that is still in <paramref name="fromState"/>; false when it had already moved on.</summary>
    public async Task<bool> TryEndAsync(Guid id, string fromState, string toState, DateTime finishedAtUtc, string? error, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ended = await db.JobRuns
            .Where(j => j.Id == id && j.State == fromState)
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.State, toState)
                    .SetProperty(j => j.FinishedAtUtc, finishedAtUtc)
                    .SetProperty(j => j.Error, error),
                cancellationToken);
        return ended == 1;
    }

    /// <summary>Writes a running job's counts, current item, log tail and cost.</summary>
    public async Task SaveProgressAsync(Guid id, JobProgressState state, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var logTail = string.Join(LogLineSeparator, state.LogTail);
        var now = Now();
        await db.JobRuns
            .Where(j => j.Id == id)
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.HeartbeatAtUtc, now)
                    .SetProperty(j => j.Completed, state.Completed)
                    .SetProperty(j => j.Total, state.Total)
                    .SetProperty(j => j.CurrentItem, state.CurrentItem)
                    .SetProperty(j => j.LogTail, logTail)
                    .SetProperty(j => j.CostUsd, state.CostUsd),
                cancellationToken);
    }

    /// <summary>Writes a job's final state with its last progress, result and error.</summary>
    public async Task FinishAsync(Guid id, string state, JobProgressState progress, DateTime finishedAtUtc, string? summary, int failed, string? error, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var logTail = string.Join(LogLineSeparator, progress.LogTail);
        await db.JobRuns
            .Where(j => j.Id == id)
            .ExecuteUpdateAsync(
                s => s.SetProperty(j => j.State, state)
                    .SetProperty(j => j.Completed, progress.Completed)
                    .SetProperty(j => j.Total, progress.Total)
                    .SetProperty(j => j.CurrentItem, progress.CurrentItem)
                    .SetProperty(j => j.LogTail, logTail)
                    .SetProperty(j => j.CostUsd, progress.CostUsd)
                    .SetProperty(j => j.FinishedAtUtc, finishedAtUtc)
                    .SetProperty(j => j.Summary, summary)
                    .SetProperty(j => j.Failed, failed)
                    .SetProperty(j => j.Error, error),
                cancellationToken);
    }

    /// <summary>The snapshot of a job as <paramref name="job"/> holds it.</summary>
    public static JobSnapshot ToSnapshot(StoredJob job) => job.Snapshot;

    private static StoredJob ToStored(JobRun run) =>
        new(ToSnapshot(run), DeserializeParameters(run.ParametersJson), run.InputKey, run.Failed, run.CostUsd, SplitLog(run.LogTail));

    private static JobSnapshot ToSnapshot(JobRun run) => new(
        run.Id,
        run.Kind,
        run.State,
        run.RequestedBy,
        run.Completed,
        run.Total,
        run.CurrentItem,
        AsUtc(run.CreatedAtUtc),
        run.StartedAtUtc is { } started ? AsUtc(started) : null,
        run.FinishedAtUtc is { } finished ? AsUtc(finished) : null,
        run.Error,
        run.Summary)
    {
        Instance = run.Instance,
        HeartbeatAtUtc = run.HeartbeatAtUtc is { } beat ? AsUtc(beat) : null,
    };

    public static JobRequest ToRequest(StoredJob job) => job.ToRequest();

    public static string SerializeParameters(IReadOnlyDictionary<string, string> parameters) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(parameters.ToDictionary(), StringComparer.Ordinal));

    public static IReadOnlyDictionary<string, string> DeserializeParameters(string json) =>
        string.IsNullOrWhiteSpace(json)
            ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    public static IReadOnlyList<string> SplitLog(string logTail) =>
        string.IsNullOrEmpty(logTail) ? [] : logTail.Split(LogLineSeparator);

    // SQLite gives back unspecified kinds; every stored instant is UTC.
    private static DateTime AsUtc(DateTime value) =>
        value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
