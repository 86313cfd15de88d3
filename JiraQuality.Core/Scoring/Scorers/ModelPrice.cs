namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>USD per 1M tokens. A missing cached rate bills cached tokens at the input rate.</summary>
public sealed class ModelPrice
{
    public double Input { get; set; }
    public double? CachedInput { get; set; }
    public double Output { get; set; }
}
