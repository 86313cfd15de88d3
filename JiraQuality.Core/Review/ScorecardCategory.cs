using System.Text.Json.Serialization;

namespace JiraQuality.Core.Review;

/// <summary>One category of a scorecard. <see cref="Key"/> never changes once given (reviews and exports use it).</summary>
public sealed record ScorecardCategory
{
    public string Key { get; init; } = "";
    public string Name { get; init; } = "";
    public string Scale { get; init; } = ScorecardScales.OneToFive;
    public double Weight { get; init; } = 1;
    public string Description { get; init; } = "";

    [JsonPropertyName("naAllowed")]
    public bool NotApplicableAllowed { get; init; }

    public bool Critical { get; init; }

    [JsonIgnore]
    public bool IsAi => AiCategories.IsAi(Key);
}
