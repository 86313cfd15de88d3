namespace JiraQuality.Core.Conversations;

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
