namespace JiraQuality.Core.Review;

/// <summary>The total of a review.</summary>
public static class ReviewTotals
{
    /// <summary>
    /// 0–100: the weighted mean of each scored category's share of its best score (1–5 counts 0, 25, 50, 75, 100; fail 0,
    /// pass 100), N/A left out. A failed critical category makes the total 0. Null when nothing was scored.
    /// </summary>
    public static double? Compute(Scorecard scorecard, IEnumerable<(string Category, double? Score)> scores)
    {
        double weighted = 0, weights = 0;
        foreach (var (key, score) in scores)
        {
            if (score is not { } value || scorecard.Find(key) is not { } category)
            {
                continue;
            }

            if (category.Critical && ScorecardScales.IsFail(category.Scale, value))
            {
                return 0;
            }

            weighted += category.Weight * ScorecardScales.Normalised(category.Scale, value);
            weights += category.Weight;
        }

        return weights == 0 ? null : Math.Round(100 * weighted / weights, 1);
    }
}
