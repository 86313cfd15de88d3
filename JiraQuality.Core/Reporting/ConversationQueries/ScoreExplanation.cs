namespace JiraQuality.Core.Reporting.ConversationQueries;

/// <summary>A score with the scorer's reason and the messages (1-based) it cites.</summary>
public sealed record ScoreExplanation(string Name, double? Score, string? Reason, IReadOnlyList<int> Evidence);
