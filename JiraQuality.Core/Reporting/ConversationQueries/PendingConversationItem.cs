namespace JiraQuality.Core.Reporting.ConversationQueries;

/// <summary>One imported ticket that has no scores yet.</summary>
public sealed record PendingConversationItem(string IssueKey, string Summary, string Status, string? Hub, DateTime? CreatedUtc, DateTime PreparedAtUtc, string Source);
