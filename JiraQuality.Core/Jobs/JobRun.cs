namespace JiraQuality.Core.Jobs;

/// <summary>The stored record of one job: what was asked, by whom, and how it went.</summary>
public sealed class JobRun
{
    public Guid Id { get; set; }
    public string Kind { get; set; } = "";
    public string ParametersJson { get; set; } = "{}";

    /// <summary>
    /// What makes two requests of the kind the same job: empty for kinds that work on the whole backlog, the parameters
    /// (without bookkeeping such as the job resumed) for kinds with inputs of their own. The database holds one queued or
    /// running job per kind and key; a job that needs no key (or gave it up when it started) carries its own id.
    /// </summary>
    public string InputKey { get; set; } = "";

    /// <summary>page, cron, webhook, schedule or cli.</summary>
    public string RequestedBy { get; set; } = "";

    public string State { get; set; } = "";
    public int Total { get; set; }
    public int Completed { get; set; }
    public int Failed { get; set; }
    public string? CurrentItem { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? StartedAtUtc { get; set; }
    public DateTime? FinishedAtUtc { get; set; }
    public string? Error { get; set; }
    public string? Summary { get; set; }
    public string LogTail { get; set; } = "";
    public double CostUsd { get; set; }

    /// <summary>The app instance (host name and process id) that runs or ran the job; null while queued.</summary>
    public string? Instance { get; set; }

    /// <summary>When the running instance last wrote the job's progress; a stale heartbeat means the instance is gone.</summary>
    public DateTime? HeartbeatAtUtc { get; set; }
}
