namespace JiraQuality.Core.Review;

public sealed record DisputeView(
    Guid Id,
    string IssueKey,
    string Category,
    Guid? ReviewId,
    string Target,
    double? DisputedScore,
    string Reason,
    string State,
    double? CorrectedScore,
    string OpenedBy,
    DateTime OpenedAtUtc,
    string? ResolvedBy,
    DateTime? ResolvedAtUtc,
    string? ResolutionNote,
    IReadOnlyList<DisputeEventView> History);
