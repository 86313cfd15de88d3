namespace JiraQuality.Core.Conversations;

/// <summary>A ticket's normalised thread: ordered messages with roles, cleaned and redacted text.</summary>
public sealed record Conversation
{
    public required string IssueKey { get; init; }
    public string Summary { get; init; } = "";
    public string Reporter { get; init; } = "";

    /// <summary>The reporter's account id when the source gave one; the role rules match comment authors against it.</summary>
    public string? ReporterAccountId { get; init; }

    /// <summary>The ticket's assignee (name or username) and account id when the source gave them; assignees are agents.</summary>
    public string? Assignee { get; init; }

    public string? AssigneeAccountId { get; init; }

    /// <summary>Request participants: customers on this ticket like its reporter.</summary>
    public IReadOnlyList<string> RequestParticipants { get; init; } = [];

    public string Status { get; init; } = "";
    public string Resolution { get; init; } = "";
    public DateTime? CreatedUtc { get; init; }
    public DateTime? UpdatedUtc { get; init; }
    public string? DueDate { get; init; }
    public IReadOnlyDictionary<string, string> CustomFields { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<ConversationMessage> Messages { get; init; } = [];

    /// <summary>
    /// True for a Jira ticket (every source): the request made at <see cref="CreatedUtc"/> opens the first customer
    /// turn even when the ticket has no Description message, so first response is measured from the request.
    /// </summary>
    public bool OpensWithRequest { get; init; }

    public int TokenCount { get; init; }

    /// <summary>Set when the thread was over the token budget and its middle was cut.</summary>
    public TrimRecord? Trim { get; init; }

    public string Source { get; init; } = "";
}

public sealed record ConversationMessage
{
    /// <summary>1-based position after ordering.</summary>
    public int Index { get; init; }

    public DateTime? TimestampUtc { get; init; }
    public string? AuthorId { get; init; }
    public string? AuthorName { get; init; }
    public MessageRole Role { get; init; }
    public AgentTier Tier { get; init; }
    public bool IsInternal { get; init; }

    /// <summary>
    /// What the source said about the author, kept so roles and tiers can be derived again when the agent directory
    /// changes (<see cref="AuthorName"/> may hold the directory's name instead). Null on threads stored before it was kept.
    /// </summary>
    public MessageAuthorSource? AuthorSource { get; init; }

    /// <summary>Cleaned text; originals stay available to analysts.</summary>
    public string Text { get; init; } = "";

    /// <summary>Text with personal data replaced by typed placeholders; the only text that leaves the system.</summary>
    public string RedactedText { get; init; } = "";
}

/// <summary>The author as the source delivered it: display name and Jira's account type ("atlassian", "customer", "app"), either may be unknown.</summary>
public sealed record MessageAuthorSource(string? Name, string? AccountType);

/// <summary>What was cut from an over-budget conversation.</summary>
public sealed record TrimRecord(int OriginalTokens, int KeptTokens, int RemovedMessages);

/// <summary>Well-known keys of <see cref="JiraTicket.CustomFields"/>.</summary>
public static class CustomFieldKeys
{
    public const string Hub = "hub";
    public const string ContactReason = "contact_reason";
    public const string SatisfactionRating = "satisfaction_rating";
    public const string RefundReason = "refund_reason";
    public const string Dock = "dock";
    public const string RentalId = "rental_id";
    public const string BikeQrCode = "bike_qr_code";
}
