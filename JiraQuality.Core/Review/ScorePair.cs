namespace JiraQuality.Core.Review;

/// <summary>One human score of a category paired with the AI's score of it on the same conversation at review time.</summary>
public readonly record struct ScorePair(double Human, double Ai);
