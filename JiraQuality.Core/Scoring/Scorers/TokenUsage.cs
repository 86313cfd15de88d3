namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>Token counts of one call.</summary>
public sealed record TokenUsage(int InputTokens, int CachedInputTokens, int OutputTokens, int ReasoningTokens)
{
    public static readonly TokenUsage None = new(0, 0, 0, 0);

    public TokenUsage Add(TokenUsage other) => new(
        InputTokens + other.InputTokens,
        CachedInputTokens + other.CachedInputTokens,
        OutputTokens + other.OutputTokens,
        ReasoningTokens + other.ReasoningTokens);
}
