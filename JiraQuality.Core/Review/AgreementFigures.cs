namespace JiraQuality.Core.Review;

/// <summary>Agreement between the AI and reviewers on one category (or one slice of it).</summary>
public sealed record AgreementFigures(
    int Pairs,
    double? ExactAgreement,
    double? WithinOne,
    double? MeanAbsoluteDifference,
    double? QuadraticWeightedKappa);
