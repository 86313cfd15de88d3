namespace JiraQuality.Core.Conversations;

/// <summary>One comment as the source delivered it.</summary>
public sealed record RawComment
{
    public string? AuthorId { get; init; }
    public string? AuthorName { get; init; }

    /// <summary>Jira's accountType when known ("atlassian", "customer", "app").</summary>
    public string? AuthorAccountType { get; init; }

    /// <summary>False for an internal note; null when the source does not say.</summary>
    public bool? IsPublic { get; init; }

    public DateTime? TimestampUtc { get; init; }
    public string Body { get; init; } = "";

    /// <summary>Position in the source, used to keep ties in export order.</summary>
    public int SourceOrder { get; init; }
}
