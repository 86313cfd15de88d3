using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Review;

/// <summary>
/// Agreement between the AI and reviewers over stored reviews. A pair is one reviewer's score of a category on a
/// conversation with the AI's score stored for that conversation when the review was saved; two reviewers of one
/// conversation make two pairs; N/A and a missing AI score make none. Calibration reviews are not counted.
/// The scorecard's own categories count like the AI's three wherever the scorer gave them a score (the LLM scores
/// every category, the heuristic greeting, closing and thanking). A category is compared on the scale of its newest
/// review's scorecard version; pairs from a version where it had the other scale are left out.
/// </summary>
public sealed class AgreementQuery(IDbContextFactory<JiraQualityDbContext> contexts)
{
    private sealed record PairRow(string Category, double Human, double Ai, string ScorerKind, string? Model, string? PromptVersion, string Reviewer, DateTime SavedUtc, int ScorecardVersion)
    {
        public string Scale { get; set; } = ScorecardScales.OneToFive;
    }

    /// <param name="fromUtc">First instant counted (reviews saved at or after it), or null for no lower bound.</param>
    /// <param name="toUtc">First instant not counted, or null for no upper bound.</param>
    /// <param name="allowedHubs">The user's hubs (<see cref="Identity.HubScope"/>): only reviews of their conversations count; null for every hub.</param>
    public async Task<AgreementReport> GetAsync(DateTime? fromUtc, DateTime? toUtc, CancellationToken cancellationToken = default, string? allowedHubs = null)
    {
        var rows = await PairsAsync(fromUtc, toUtc, allowedHubs, cancellationToken);
        var categories = AiCategories.All.Concat(rows.Select(r => r.Category).Where(c => !AiCategories.IsAi(c)).Distinct().Order(StringComparer.Ordinal)).ToList();
        var scales = rows.GroupBy(r => r.Category).ToDictionary(g => g.Key, g => g.MaxBy(r => r.SavedUtc)!.Scale, StringComparer.Ordinal);
        var byCategory = rows.Where(r => r.Scale == scales[r.Category]).ToLookup(r => r.Category);
        string ScaleOf(string category) => scales.GetValueOrDefault(category, ScorecardScales.OneToFive);

        var summary = categories.Select(c => CategoryAgreement.From(c, AgreementStatistics.Compute(Pairs(byCategory[c]), ScaleOf(c)))).ToList();
        var byScorer = Slices(categories, byCategory, ScaleOf, r => $"{r.ScorerKind} · {r.Model ?? "no model"} · prompt {r.PromptVersion ?? "none"}");
        var byReviewer = Slices(categories, byCategory, ScaleOf, r => r.Reviewer);
        var byMonth = Slices(categories, byCategory, ScaleOf, r => r.SavedUtc.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        var matrices = categories.Select(c =>
        {
            var scale = ScaleOf(c);
            var points = AgreementStatistics.PointsOf(scale);
            var matrix = AgreementStatistics.ConfusionMatrix(Pairs(byCategory[c]), scale);
            var counts = Enumerable.Range(0, points)
                .Select(i => (IReadOnlyList<int>)Enumerable.Range(0, points).Select(j => matrix[i, j]).ToList())
                .ToList();
            return new ConfusionMatrixView(c, counts) { Points = AgreementStatistics.PointNames(scale) };
        }).ToList();
        return new AgreementReport(summary, byScorer, byReviewer, byMonth, matrices);
    }

    private async Task<List<PairRow>> PairsAsync(DateTime? fromUtc, DateTime? toUtc, string? allowedHubs, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var reviews = db.Set<ConversationReview>().AsNoTracking().Where(r => r.Context == "").InHubsOf(db, allowedHubs);
        if (fromUtc is { } from)
        {
            reviews = reviews.Where(r => r.UpdatedAtUtc >= from);
        }

        if (toUtc is { } to)
        {
            reviews = reviews.Where(r => r.UpdatedAtUtc < to);
        }

        var query =
            from score in db.Set<ReviewScore>().AsNoTracking()
            join review in reviews on score.ReviewId equals review.Id
            where score.Score != null && score.AiScore != null
            select new PairRow(score.Category, score.Score!.Value, score.AiScore!.Value, review.AiScorerKind, review.AiModel, review.AiPromptVersion, review.ReviewerEmail, review.UpdatedAtUtc, review.ScorecardVersion);
        var rows = await query.ToListAsync(cancellationToken);
        if (rows.Any(r => !AiCategories.IsAi(r.Category)))
        {
            // A category's scale lives in the scorecard version the review used (the AI's three are always 1–5).
            var versions = await db.Set<ScorecardVersion>().AsNoTracking().ToDictionaryAsync(v => v.Version, v => v.CategoriesJson, cancellationToken);
            var scorecards = new Dictionary<int, IReadOnlyList<ScorecardCategory>>();
            foreach (var row in rows.Where(r => !AiCategories.IsAi(r.Category)))
            {
                if (!scorecards.TryGetValue(row.ScorecardVersion, out var categories))
                {
                    categories = versions.TryGetValue(row.ScorecardVersion, out var json) ? Scorecard.Deserialise(json)
                        : row.ScorecardVersion == 1 ? ScorecardDefaults.Categories : [];
                    scorecards[row.ScorecardVersion] = categories;
                }

                row.Scale = categories.FirstOrDefault(c => string.Equals(c.Key, row.Category, StringComparison.OrdinalIgnoreCase))?.Scale ?? ScorecardScales.OneToFive;
            }
        }

        return rows;
    }

    private static List<ScorePair> Pairs(IEnumerable<PairRow> rows) => rows.Select(r => new ScorePair(r.Human, r.Ai)).ToList();

    private static List<AgreementSlice> Slices(IEnumerable<string> categories, ILookup<string, PairRow> byCategory, Func<string, string> scaleOf, Func<PairRow, string> sliceOf) =>
        categories
            .SelectMany(c => byCategory[c].GroupBy(sliceOf).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new AgreementSlice(c, g.Key, AgreementStatistics.Compute(Pairs(g), scaleOf(c)))))
            .ToList();
}
