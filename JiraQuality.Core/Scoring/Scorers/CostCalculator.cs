namespace JiraQuality.Core.Scoring.Scorers;

public static class CostCalculator
{
    /// <summary>Cost in USD, or null when the model has no price entry (never a guess).</summary>
    public static double? CostUsd(IReadOnlyDictionary<string, ModelPrice> prices, string model, TokenUsage usage)
    {
        if (!prices.TryGetValue(model, out var price))
        {
            return null;
        }

        var cached = Math.Min(usage.CachedInputTokens, usage.InputTokens);
        var uncached = usage.InputTokens - cached;
        var total = (uncached * price.Input) + (cached * (price.CachedInput ?? price.Input)) + (usage.OutputTokens * price.Output);
        return Math.Round(total / 1_000_000d, 8);
    }
}
