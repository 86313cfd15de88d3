namespace JiraQuality.Core.Review;

public sealed record CalibrationSessionView(Guid Id, string Name, string CreatedBy, DateTime CreatedAtUtc, IReadOnlyList<string> IssueKeys, IReadOnlyList<string> Reviewers, bool Closed);
