namespace JiraQuality.Core.Storage;

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

/// <summary>How far an incremental sync has got, so the next run starts there.</summary>
public sealed class SyncCheckpoint
{
    public string Name { get; set; } = "";
    public DateTime? UpdatedCursorUtc { get; set; }
    public string? LastIssueKey { get; set; }
    public DateTime? LastRunAtUtc { get; set; }
    public int LastRunIssues { get; set; }

    /// <summary>
    /// JSON object of issue key to <c>updated</c> for the issues already stored whose <c>updated</c> lies in the
    /// window the next run reads again (the checkpoint minus the overlap, floored to the minute). The next run
    /// skips those that are still unchanged before fetching their comments, so they do not count against
    /// <c>--max-issues</c>; without it, a minute holding more tickets than the cap would be read again forever.
    /// </summary>
    public string? CommittedIssuesJson { get; set; }
}

/// <summary>
/// One accepted webhook delivery: the de-duplication record (keyed by Jira's delivery identifier) and the durable
/// request to fetch its issue again from Jira, so a restart loses nothing.
/// </summary>
public sealed class WebhookDelivery
{
    public string Identifier { get; set; } = "";
    public DateTime ReceivedAtUtc { get; set; }
    public string? IssueKey { get; set; }

    /// <summary>One of <see cref="WebhookDeliveryStates"/>.</summary>
    public string State { get; set; } = WebhookDeliveryStates.Pending;

    /// <summary>Fetches tried and failed so far.</summary>
    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>When a pending delivery may be fetched: its arrival, or the end of the back-off after a failure.</summary>
    public DateTime NextAttemptAtUtc { get; set; }

    /// <summary>
    /// Set while an instance fetches the delivery: until then other instances leave it alone, and after it (the
    /// instance died mid-fetch) they take it over.
    /// </summary>
    public DateTime? ClaimedUntilUtc { get; set; }

    public DateTime? FetchedAtUtc { get; set; }

    /// <summary>
    /// SHA-256 (hex) of what the body says happened (event, issue key, Jira's timestamp, comment id): a signed body
    /// sent again with no or a new <c>X-Atlassian-Webhook-Identifier</c> is still recognised as the same delivery.
    /// </summary>
    public string? BodyIdentity { get; set; }
}

/// <summary>The states of a <see cref="WebhookDelivery"/>.</summary>
public static class WebhookDeliveryStates
{
    public const string Pending = "pending";
    public const string Fetched = "fetched";
    public const string Failed = "failed";
}

/// <summary>One entry of the agent directory: who is an agent and at which tier.</summary>
public sealed class AgentDirectoryEntry
{
    public string AccountId { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Tier { get; set; } = "";
}
