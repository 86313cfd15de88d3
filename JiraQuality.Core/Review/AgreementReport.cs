using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Review;

public sealed record AgreementReport(
    IReadOnlyList<CategoryAgreement> Categories,
    IReadOnlyList<AgreementSlice> ByScorer,
    IReadOnlyList<AgreementSlice> ByReviewer,
    IReadOnlyList<AgreementSlice> ByMonth,
    IReadOnlyList<ConfusionMatrixView> Matrices);
