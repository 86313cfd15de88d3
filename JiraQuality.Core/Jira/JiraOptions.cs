namespace JiraQuality.Core.Jira;

/// <summary>
/// Bound from the <c>Jira</c> section. <c>JIRA_BASE_URL</c>, <c>JIRA_EMAIL</c> and <c>JIRA_API_KEY</c> set the
/// connection; everything else has a working default.
/// </summary>
public sealed class JiraOptions
{
    public const string SectionName = "Jira";

    public string BaseUrl { get; set; } = "";
    public string Email { get; set; } = "";

    /// <summary>API token; never logged or shown.</summary>
    public string ApiToken { get; set; } = "";

    public string Project { get; set; } = "";
    public string StatusCategory { get; set; } = "Done";

    /// <summary>Lower bound on <c>updated</c> (yyyy-MM-dd) when there is no checkpoint yet; empty for none.</summary>
    public string? StartDate { get; set; }

    /// <summary>Exclusive upper bound on <c>updated</c> (yyyy-MM-dd); empty for none.</summary>
    public string? EndDate { get; set; }

    /// <summary>Replaces the generated JQL; runs as given and neither reads nor moves the checkpoint.</summary>
    public string? Jql { get; set; }

    /// <summary>Issues asked for per search page (Jira returns at most 100 when fields are requested).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Comment pages are fetched for this many issues at once.</summary>
    public int CommentConcurrency { get; set; } = 4;

    /// <summary>
    /// The checkpoint is moved back by this much before querying, because search is eventually consistent and
    /// JQL compares whole minutes; re-read tickets already stored with the same <c>updated</c> are passed over
    /// (see <see cref="CommittedIssues"/>), and any others are recognised by their content hash.
    /// </summary>
    public int CheckpointOverlapMinutes { get; set; } = 5;

    /// <summary>Timeout of one HTTP attempt.</summary>
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>Timeout of one request including every retry and every wait for a rate limit.</summary>
    public int TotalTimeoutSeconds { get; set; } = 300;

    public int MaxRetries { get; set; } = 5;

    /// <summary>Longest wait honoured from Retry-After or X-RateLimit-Reset before giving up the request.</summary>
    public int MaxRetryDelaySeconds { get; set; } = 120;

    /// <summary>Also read Jira Service Management SLA cycles and CSAT feedback for every ticket.</summary>
    public bool IncludeServiceDeskData { get; set; }

    /// <summary>
    /// Custom fields we keep, by our key, with the Jira field names tried in order. Fields that resolve to
    /// several ids (Contact Reason exists twice on some sites) are all requested and the first non-empty value wins.
    /// </summary>
    public Dictionary<string, string[]> CustomFieldAliases { get; set; } = new()
    {
        ["rental_id"] = ["Custom field (Rental ID)", "Rental ID"],
        ["bike_qr_code"] = ["Custom field (Bike QR Code)", "Bike QR Code"],
        ["hub"] = ["Custom field (Hub)", "Hub"],
        ["refund_reason"] = ["Custom field (Refund Reason)", "Refund Reason"],
        ["dock"] = ["Custom field (Dock)", "Dock"],
        ["satisfaction_rating"] = ["Satisfaction rating"],
        ["contact_reason"] = ["Custom field (Contact Reason)", "Contact Reason"],
        [JiraIssueMapper.RequestParticipantsKey] = ["Request participants"],
    };

    public bool IsConfigured =>
        Uri.TryCreate(BaseUrl, UriKind.Absolute, out _) && !string.IsNullOrWhiteSpace(Email) && !string.IsNullOrWhiteSpace(ApiToken);
}

/// <summary>Bound from the <c>Schedule</c> section: the in-process refresh schedule.</summary>
public sealed class ScheduleOptions
{
    public const string SectionName = "Schedule";

    /// <summary>Runs only when Jira is configured as well.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Five-field cron expression, evaluated in UTC.</summary>
    public string Cron { get; set; } = "*/30 * * * *";
}

/// <summary>Bound from the <c>Refresh</c> section.</summary>
public sealed class RefreshOptions
{
    public const string SectionName = "Refresh";

    /// <summary>Shared secret for the refresh endpoints (<c>REFRESH_CRON_SECRET</c>); never logged.</summary>
    public string CronSecret { get; set; } = "";
}

/// <summary>Bound from the <c>Webhooks</c> section.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>The secret entered in Jira's webhook settings; deliveries are refused while it is empty.</summary>
    public string JiraSecret { get; set; } = "";

    /// <summary>
    /// The shortest <see cref="DeliveryRetention"/> accepted. Jira retries a delivery for about half an hour (its
    /// secondary flow up to a few hours late), and a delivery identifier forgotten before that would be fetched twice.
    /// </summary>
    public static readonly TimeSpan MinimumDeliveryRetention = TimeSpan.FromHours(6);

    /// <summary>Largest body accepted, in bytes.</summary>
    public int MaxBodyBytes { get; set; } = 1_048_576;

    /// <summary>Fetches tried for one delivery before it is marked failed (the next sync still reads the ticket).</summary>
    public int MaxFetchAttempts { get; set; } = 8;

    /// <summary>Wait after the first failed fetch; each further failure doubles it, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long fetched and failed deliveries are kept: the de-duplication window, and how long failures stay
    /// visible. Pending deliveries are never removed.
    /// </summary>
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Longest wait between looks at the table when no delivery arrives in this process: picks up deliveries taken
    /// by another instance, and fetches whose back-off has run out.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before attempt <paramref name="failedAttempts"/> + 1: doubling from the base, capped.</summary>
    public TimeSpan RetryDelay(int failedAttempts)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 20);
        var delay = RetryBaseDelay * Math.Pow(2, exponent);
        return delay < RetryMaxDelay ? delay : RetryMaxDelay;
    }
}
