namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>Sentiment mix of the window and its count per trend bucket.</summary>
public sealed record SentimentPanel(IReadOnlyList<SentimentSlice> Distribution, IReadOnlyDictionary<string, IReadOnlyList<long>> Trend)
{
    /// <summary>The labels in their fixed display order.</summary>
    public static IReadOnlyList<string> Labels { get; } =
        ["Delight", "Convenience", "Trust", "Frustration", "Disappointment", "Concern", "Hostility", MetricsFilter.NeutralSentiment];
}
