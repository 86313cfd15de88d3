namespace JiraQuality.Core.Jira.Webhooks;

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
