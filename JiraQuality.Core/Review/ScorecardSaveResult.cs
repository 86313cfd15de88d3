namespace JiraQuality.Core.Review;

/// <summary>The outcome of saving a scorecard: the new version, or the problems that kept it from being saved.</summary>
public sealed record ScorecardSaveResult(Scorecard? Saved, IReadOnlyList<string> Problems)
{
    public bool Succeeded => Saved is not null;
}
