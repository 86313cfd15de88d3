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
