namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>The heuristic's rating and agent score computed beside an LLM score, so the two scorers can be compared.</summary>
public sealed record HeuristicCrossCheck(double? ConversationRating, double? AgentScore);
