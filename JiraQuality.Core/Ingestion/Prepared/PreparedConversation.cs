using JiraQuality.Core.Scoring.Processing;

namespace JiraQuality.Core.Ingestion.Prepared;

/// <summary>
/// One row per Jira ticket: the normalised thread waiting to be (or already) scored. Scoring never writes it: whether it
/// is scored is told by the processed row's <see cref="ProcessedConversation.ScoredContentHash"/>, so this wide, text-indexed
/// row is written only when the ticket itself changes.
/// </summary>
public sealed class PreparedConversation : Identity.IHubScoped
{
    public string IssueKey { get; set; } = "";
    public string Summary { get; set; } = "";
    public string Reporter { get; set; } = "";

    /// <summary>The reporter's account id when the source gave one (read when roles are derived again).</summary>
    public string? ReporterAccountId { get; set; }

    /// <summary>The ticket's assignee (name or username) and account id; read when roles are derived again.</summary>
    public string? Assignee { get; set; }

    public string? AssigneeAccountId { get; set; }

    /// <summary>Request participants, one per line.</summary>
    public string? RequestParticipants { get; set; }

    public string Status { get; set; } = "";
    public string Resolution { get; set; } = "";
    public DateTime? CreatedUtc { get; set; }
    public DateTime? UpdatedUtc { get; set; }
    public string? DueDate { get; set; }

    // The custom fields the dashboard filters on are real columns; all of them are also in CustomFieldsJson.
    public string? Hub { get; set; }
    public string? ContactReason { get; set; }
    public string? SatisfactionRating { get; set; }
    public string CustomFieldsJson { get; set; } = "{}";

    /// <summary>The ordered messages of the conversation as JSON.</summary>
    public string ThreadJson { get; set; } = "[]";

    /// <summary>
    /// The thread's redacted message texts as the full-text index takes them, when the row was built from a conversation
    /// (not stored: the index keeps its own copy). Null on rows read back from the database.
    /// </summary>
    public string? SearchText { get; set; }

    public int TokenCount { get; set; }
    public string? TrimJson { get; set; }

    /// <summary>CSV file name, "jira" or "webhook".</summary>
    public string Source { get; set; } = "";

    public DateTime PreparedAtUtc { get; set; }

    /// <summary>Hash of everything that affects scoring; an unchanged hash means nothing to re-score.</summary>
    public string ContentHash { get; set; } = "";
}
