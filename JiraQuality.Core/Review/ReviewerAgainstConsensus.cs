namespace JiraQuality.Core.Review;

/// <summary>One reviewer against the session's consensus (the mean of every reviewer's score of the same category and conversation).</summary>
public sealed record ReviewerAgainstConsensus(string Reviewer, int Scores, double? MeanAbsoluteDifference, double? ExactShare);
