namespace JiraQuality.Core.Review;

/// <summary>One category of a stored review, with the AI's score at review time.</summary>
public sealed record ReviewCategoryScore(string Category, double? Score, double? AiScore);
