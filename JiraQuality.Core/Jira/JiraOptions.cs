using System.ComponentModel.DataAnnotations;
using JiraQuality.Core.Jira.Client;
using JiraQuality.Core.Jira.Sync;

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
