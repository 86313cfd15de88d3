namespace JiraQuality.Core.Review;

public sealed record AssignmentRequest(string Name, string ReviewerEmail, string Sampling, int Size, DateTime? FromUtc = null, DateTime? ToUtc = null);
