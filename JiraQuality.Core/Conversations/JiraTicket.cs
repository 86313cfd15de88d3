namespace JiraQuality.Core.Conversations;

/// <summary>
/// What every ticket source (CSV export, Jira REST, webhook) yields before normalising.
/// </summary>
public sealed record JiraTicket
{
    public required string IssueKey { get; init; }
    public string Summary { get; init; } = "";
    public string? Description { get; init; }
    public string Reporter { get; init; } = "";
    public string? ReporterAccountId { get; init; }
    public string Status { get; init; } = "";
    public string Resolution { get; init; } = "";
    public DateTime? CreatedUtc { get; init; }
    public DateTime? UpdatedUtc { get; init; }
    public string? DueDate { get; init; }

    /// <summary>Custom fields by normalised key (hub, contact_reason, satisfaction_rating, ...).</summary>
    public IReadOnlyDictionary<string, string> CustomFields { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<RawComment> Comments { get; init; } = [];

    /// <summary>The assignee as the source named it (display name or Server username) and its account id when known.</summary>
    public string? Assignee { get; init; }

    public string? AssigneeAccountId { get; init; }

    /// <summary>Request participants (account ids, usernames or names): customers on this ticket like its reporter.</summary>
    public IReadOnlyList<string> RequestParticipants { get; init; } = [];

    /// <summary>Where the ticket came from: a CSV file name, "jira" or "webhook".</summary>
    public string Source { get; init; } = "";
}
