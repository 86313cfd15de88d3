namespace JiraQuality.Core.Review;

public sealed record DisputeEventView(DateTime AtUtc, string Actor, string State, double? CorrectedScore, string? Note);
