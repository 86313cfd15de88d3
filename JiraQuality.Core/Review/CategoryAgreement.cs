namespace JiraQuality.Core.Review;

/// <summary>One category's agreement, as <c>GET /api/review/agreement</c> returns it.</summary>
public sealed record CategoryAgreement(
    string Category,
    int Pairs,
    double? ExactAgreement,
    double? WithinOne,
    double? MeanAbsoluteDifference,
    double? QuadraticWeightedKappa)
{
    public static CategoryAgreement From(string category, AgreementFigures figures) => new(
        category, figures.Pairs, figures.ExactAgreement, figures.WithinOne, figures.MeanAbsoluteDifference, figures.QuadraticWeightedKappa);
}
