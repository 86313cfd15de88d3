namespace JiraQuality.Core.Review;

public sealed record CalibrationReport(CalibrationSessionView Session, int Submitted, IReadOnlyList<CategorySpread> Spread, IReadOnlyList<ReviewerAgainstConsensus> Reviewers);
