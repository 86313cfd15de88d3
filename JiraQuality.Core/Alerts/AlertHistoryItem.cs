namespace JiraQuality.Core.Alerts;

/// <summary>One row of the alert history.</summary>
public sealed record AlertHistoryItem(
    Guid Id,
    string RuleId,
    string RuleKind,
    string Subject,
    string? IssueKey,
    string Channel,
    string State,
    int Attempts,
    string? LastError,
    DateTime CreatedAtUtc,
    DateTime NextAttemptAtUtc,
    DateTime? SentAtUtc,
    Guid? DigestId,
    string? DigestState,
    string Reason);
