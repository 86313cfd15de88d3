namespace JiraQuality.Core.Review;

public sealed record AgreementReport(
    IReadOnlyList<CategoryAgreement> Categories,
    IReadOnlyList<AgreementSlice> ByScorer,
    IReadOnlyList<AgreementSlice> ByReviewer,
    IReadOnlyList<AgreementSlice> ByMonth,
    IReadOnlyList<ConfusionMatrixView> Matrices);
