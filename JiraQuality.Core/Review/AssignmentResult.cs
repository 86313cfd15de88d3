namespace JiraQuality.Core.Review;

public sealed record AssignmentResult(AssignmentProgress? Assignment, string? Problem);
