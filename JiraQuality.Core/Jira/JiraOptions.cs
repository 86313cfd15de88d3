using System.ComponentModel.DataAnnotations;
using JiraQuality.Core.Jira.Client;
using JiraQuality.Core.Jira.Schedule;
using JiraQuality.Core.Jira.Sync;
using JiraQuality.Core.Settings;

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
    [Range(1, 100, ErrorMessage = "Jira:PageSize must be from 1 to 100.")]
    public int PageSize { get; set; } = 100;

    /// <summary>Comment pages are fetched for this many issues at once.</summary>
    [Range(1, 64, ErrorMessage = "Jira:CommentConcurrency must be from 1 to 64.")]
    public int CommentConcurrency { get; set; } = 4;

    /// <summary>
    /// The checkpoint is moved back by this much before querying, because search is eventually consistent and
    /// JQL compares whole minutes; re-read tickets already stored with the same <c>updated</c> are passed over
    /// (see <see cref="CommittedIssues"/>), and any others are recognised by their content hash.
    /// </summary>
    [Range(0, 10_080, ErrorMessage = "Jira:CheckpointOverlapMinutes must be from 0 to 10080 (a week).")]
    public int CheckpointOverlapMinutes { get; set; } = 5;

    /// <summary>Timeout of one HTTP attempt.</summary>
    [Range(1, 3600, ErrorMessage = "Jira:RequestTimeoutSeconds must be from 1 to 3600.")]
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>Timeout of one request including every retry and every wait for a rate limit.</summary>
    [Range(1, 86_400, ErrorMessage = "Jira:TotalTimeoutSeconds must be from 1 to 86400.")]
    public int TotalTimeoutSeconds { get; set; } = 300;

    [Range(0, 100, ErrorMessage = "Jira:MaxRetries must be from 0 to 100.")]
    public int MaxRetries { get; set; } = 5;

    /// <summary>Longest wait honoured from Retry-After or X-RateLimit-Reset before giving up the request.</summary>
    [Range(0, 86_400, ErrorMessage = "Jira:MaxRetryDelaySeconds must be from 0 to 86400.")]
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
    [Required(ErrorMessage = "Schedule:Cron is required: a five-field cron expression.")]
    public string Cron { get; set; } = "*/30 * * * *";
}

/// <summary>Bound from the <c>Refresh</c> section.</summary>
public sealed class RefreshOptions
{
    public const string SectionName = "Refresh";

    /// <summary>Shared secret for the refresh endpoints (<c>REFRESH_CRON_SECRET</c>); never logged.</summary>
    [SharedSecret("Refresh:CronSecret")]
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
    [Range(1024, int.MaxValue, ErrorMessage = "Webhooks:MaxBodyBytes must be at least 1024.")]
    public int MaxBodyBytes { get; set; } = 1_048_576;

    /// <summary>Fetches tried for one delivery before it is marked failed (the next sync still reads the ticket).</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Webhooks:MaxFetchAttempts must be at least 1.")]
    public int MaxFetchAttempts { get; set; } = 8;

    /// <summary>Wait after the first failed fetch; each further failure doubles it, up to <see cref="RetryMaxDelay"/>.</summary>
    [PositiveTimeSpan("Webhooks:RetryBaseDelay")]
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
    [PositiveTimeSpan("Webhooks:PollInterval")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before attempt <paramref name="failedAttempts"/> + 1: doubling from the base, capped.</summary>
    public TimeSpan RetryDelay(int failedAttempts)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 20);
        var delay = RetryBaseDelay * Math.Pow(2, exponent);
        return delay < RetryMaxDelay ? delay : RetryMaxDelay;
    }
}

/// <summary>The Jira rules one field alone cannot say: addresses and dates that must parse.</summary>
public sealed class JiraOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<JiraOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, JiraOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.BaseUrl)
            && (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            errors.Add($"Jira:BaseUrl (JIRA_BASE_URL) must be an absolute http(s) address, got '{options.BaseUrl}'.");
        }

        foreach (var (value, key) in new[] { (options.StartDate, "Jira:StartDate"), (options.EndDate, "Jira:EndDate") })
        {
            if (!string.IsNullOrWhiteSpace(value)
                && !DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
            {
                errors.Add($"{key} must be a date as yyyy-MM-dd, got '{value}'.");
            }
        }

        if (options.TotalTimeoutSeconds < options.RequestTimeoutSeconds)
        {
            errors.Add("Jira:TotalTimeoutSeconds must be at least Jira:RequestTimeoutSeconds.");
        }

        return errors.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>The schedule's cron expression must parse, so a typo stops the start instead of silently never refreshing.</summary>
public sealed class ScheduleOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<ScheduleOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, ScheduleOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Cron))
        {
            return Microsoft.Extensions.Options.ValidateOptionsResult.Skip;
        }

        try
        {
            RefreshScheduler.Parse(options.Cron);
            return Microsoft.Extensions.Options.ValidateOptionsResult.Success;
        }
        catch (ArgumentException exception)
        {
            return Microsoft.Extensions.Options.ValidateOptionsResult.Fail(exception.Message);
        }
    }
}

/// <summary>The webhook rules between two settings.</summary>
public sealed class WebhookOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<WebhookOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var errors = new List<string>();
        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            errors.Add("Webhooks:RetryBaseDelay must be a positive time span (hh:mm:ss) and Webhooks:RetryMaxDelay at least as long.");
        }

        if (options.DeliveryRetention < WebhookOptions.MinimumDeliveryRetention)
        {
            errors.Add($"Webhooks:DeliveryRetention must be at least {WebhookOptions.MinimumDeliveryRetention.TotalHours:0} hours (d.hh:mm:ss), longer than Jira retries a delivery, or a retry would be fetched again.");
        }

        return errors.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(errors);
    }
}
