namespace JiraQuality.Core.Review;

/// <summary>
/// Counts of (human point, AI point) for one category; rows are the human's points, columns the AI's, both named by
/// <see cref="Points"/> (1–5, or fail and pass).
/// </summary>
public sealed record ConfusionMatrixView(string Category, IReadOnlyList<IReadOnlyList<int>> Counts)
{
    public IReadOnlyList<string> Points { get; init; } = AgreementStatistics.PointNames(ScorecardScales.OneToFive);
}
