namespace JiraQuality.Core.Jobs;

/// <summary>The kinds of long work the job runner knows.</summary>
public static class JobKinds
{
    public const string CsvImport = "csv-import";
    public const string ScoredCsvImport = "scored-csv-import";
    public const string Processing = "processing";
    public const string JiraSync = "jira-sync";
    public const string Refresh = "refresh";
    public const string Rescore = "rescore";

    /// <summary>Derives roles and tiers of stored conversations again from the current agent directory.</summary>
    public const string ReapplyRoles = "reapply-roles";
}

/// <summary>The states a stored job goes through.</summary>
public static class JobStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Interrupted = "interrupted";
}

/// <summary>Who asked for a job.</summary>
public static class JobRequesters
{
    public const string Page = "page";
    public const string Cron = "cron";
    public const string Schedule = "schedule";
    public const string Webhook = "webhook";
    public const string CommandLine = "cli";

    /// <summary>The app itself at start-up (scoring the sample data of a first start).</summary>
    public const string Startup = "startup";
}

/// <summary>A request to run one job of <see cref="Kind"/> with string parameters (file paths, filters, limits).</summary>
public sealed record JobRequest(string Kind, string RequestedBy, IReadOnlyDictionary<string, string> Parameters)
{
    public JobRequest(string kind, string requestedBy)
        : this(kind, requestedBy, new Dictionary<string, string>())
    {
    }

    public string? Get(string name) => Parameters.TryGetValue(name, out var value) ? value : null;
}

/// <summary>How a job tells the world how far it has got. Implementations must be thread-safe.</summary>
public interface IJobProgress
{
    /// <summary>X of Y done, and the item being worked on (an issue key, a file name).</summary>
    void Report(int completed, int total, string? currentItem = null);

    /// <summary>A line for the job's log tail (and the app log).</summary>
    void Log(string line);

    /// <summary>
    /// Items <paramref name="completedBefore"/> + 1 to <paramref name="completedBefore"/> + <c>items.Count</c> of
    /// <paramref name="total"/> are done, in this order: the same as a <see cref="Report"/> call for each, which a sink may
    /// turn into one update (a batch of scored conversations reports this way).
    /// </summary>
    void ReportItems(int completedBefore, int total, IReadOnlyList<string> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            Report(completedBefore + i + 1, total, items[i]);
        }
    }

    /// <summary>Money spent (LLM calls), summed per job.</summary>
    void AddCost(double usd)
    {
    }

    /// <summary>The stored job this progress belongs to; null outside the job runner.</summary>
    Guid? JobId => null;
}

/// <summary>What a finished job reports.</summary>
public sealed record JobResult(string Summary, int Failed = 0);

/// <summary>Runs one kind of job. Handlers are resolved from a DI scope per run.</summary>
public interface IJobHandler
{
    string Kind { get; }

    Task<JobResult> RunAsync(JobRequest request, IJobProgress progress, CancellationToken cancellationToken);
}

/// <summary>A progress sink that drops everything (for callers that do not watch).</summary>
public sealed class NullJobProgress : IJobProgress
{
    public static readonly NullJobProgress Instance = new();

    public void Report(int completed, int total, string? currentItem = null)
    {
    }

    public void Log(string line)
    {
    }
}

/// <summary>Starts jobs and reads their state; pages, endpoints, the schedule and webhooks go through it.</summary>
public interface IJobQueue
{
    /// <summary>
    /// Queues a job. When a job of the same kind is already queued or running, returns that one instead
    /// of starting a second.
    /// </summary>
    Task<JobSnapshot> EnqueueAsync(JobRequest request, CancellationToken cancellationToken = default);

    Task<JobSnapshot?> GetAsync(Guid id, CancellationToken cancellationToken = default);

    /// <summary>
    /// The log tail of a job running in this instance, up to the line just written; null when it runs elsewhere or has
    /// ended (then the stored tail is the one to read). The stored tail lags by up to <c>Jobs:ProgressSaveInterval</c>.
    /// </summary>
    IReadOnlyList<string>? GetLiveLogTail(Guid id) => null;

    /// <summary>Asks a queued or running job to stop; returns false when it is not active.</summary>
    Task<bool> CancelAsync(Guid id, CancellationToken cancellationToken = default);
}

/// <summary>A job's state at one moment, as stored and as published to watchers.</summary>
public sealed record JobSnapshot(
    Guid Id,
    string Kind,
    string State,
    string RequestedBy,
    int Completed,
    int Total,
    string? CurrentItem,
    DateTime CreatedAtUtc,
    DateTime? StartedAtUtc,
    DateTime? FinishedAtUtc,
    string? Error,
    string? Summary)
{
    public bool IsActive => State is JobStates.Queued or JobStates.Running;

    /// <summary>The app instance that runs or ran the job, as stored; null while queued or when not read from the store.</summary>
    public string? Instance { get; init; }

    /// <summary>When the running instance last wrote the job's progress (every <c>Jobs:ProgressSaveInterval</c>).</summary>
    public DateTime? HeartbeatAtUtc { get; init; }

    public double Percent => Total <= 0 ? 0 : Math.Round(100.0 * Completed / Total, 1);
}
