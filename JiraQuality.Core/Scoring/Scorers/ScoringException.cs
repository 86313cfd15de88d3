namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>Why a conversation could not be scored; the conversation stays unprocessed.</summary>
public sealed class ScoringException(string message, TokenUsage? usage = null, double? costUsd = null)
    : Exception(message)
{
    /// <summary>Tokens the failed attempts used; they are paid for all the same.</summary>
    public TokenUsage? Usage { get; } = usage;

    public double? CostUsd { get; } = costUsd;
}
