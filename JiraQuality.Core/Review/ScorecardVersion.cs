namespace JiraQuality.Core.Review;

/// <summary>One saved version of the scorecard; never changed after it is saved.</summary>
public sealed class ScorecardVersion
{
    public int Version { get; set; }

    /// <summary>The categories as JSON (<see cref="ScorecardCategory"/>, in the order reviewers see them).</summary>
    public string CategoriesJson { get; set; } = "[]";

    public DateTime CreatedAtUtc { get; set; }
    public string CreatedBy { get; set; } = "";
}
