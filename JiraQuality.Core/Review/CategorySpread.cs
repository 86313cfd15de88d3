namespace JiraQuality.Core.Review;

/// <summary>How far reviewers spread on one category: the mean over conversations of (highest − lowest) and of the standard deviation.</summary>
public sealed record CategorySpread(string Category, int Conversations, double? MeanRange, double? MeanStandardDeviation);
