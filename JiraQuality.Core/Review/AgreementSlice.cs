namespace JiraQuality.Core.Review;

/// <summary>The agreement of one category within one slice (a scorer version, a reviewer, a month).</summary>
public sealed record AgreementSlice(string Category, string Slice, AgreementFigures Figures);
