namespace JiraQuality.Core.Scoring.Processing;

/// <summary>LLM spend of one day and model, summed by the database: every call, how many conversations they were for.</summary>
public sealed record DailyModelCost(DateOnly Day, string Model, int Conversations, long InputTokens, long CachedInputTokens, long OutputTokens, double CostUsd, int Calls = 0);
