namespace JiraQuality.Core.Review;

public sealed record QualityReport(IReadOnlyList<QualityRow> Agents, IReadOnlyList<QualityRow> Teams);
