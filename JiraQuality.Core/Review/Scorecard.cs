using System.Text.Json;

namespace JiraQuality.Core.Review;

/// <summary>A scorecard as saved: edits make a new version; a review keeps the version it was scored on.</summary>
public sealed record Scorecard(int Version, IReadOnlyList<ScorecardCategory> Categories, DateTime CreatedAtUtc, string CreatedBy)
{
    public ScorecardCategory? Find(string key) => Categories.FirstOrDefault(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase));

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal static string Serialise(IReadOnlyList<ScorecardCategory> categories) => JsonSerializer.Serialize(categories, Json);

    internal static IReadOnlyList<ScorecardCategory> Deserialise(string json) =>
        JsonSerializer.Deserialize<List<ScorecardCategory>>(json, Json) ?? [];
}
