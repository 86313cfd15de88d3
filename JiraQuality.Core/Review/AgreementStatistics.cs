namespace JiraQuality.Core.Review;

/// <summary>
/// The agreement statistics over score pairs on the 1–5 scale. An AI score that is not a whole number (the heuristic
/// gives 3.5) is rounded to the nearest point, halves up, for exact agreement, within-one, kappa and the confusion
/// matrix; the mean absolute difference uses the unrounded score. A pass/fail category is a two-point scale (fail 0,
/// pass 1): its quadratic weighted kappa is Cohen's kappa, and "within one" always holds.
/// </summary>
public static class AgreementStatistics
{
    public const int Points = 5;

    /// <summary>Rounds to the nearest whole point, halves up (2.5 → 3), kept within 1–5.</summary>
    public static int Round(double score) => Math.Clamp((int)Math.Floor(score + 0.5), 1, Points);

    /// <summary>How many points <paramref name="scale"/> has: 5 for 1–5, 2 for pass/fail.</summary>
    public static int PointsOf(string scale) => scale == ScorecardScales.PassFail ? 2 : Points;

    /// <summary>The 0-based point of a score on its scale (the row or column of the confusion matrix).</summary>
    public static int PointIndex(string scale, double score) =>
        scale == ScorecardScales.PassFail ? (score >= 0.5 ? 1 : 0) : Round(score) - 1;

    /// <summary>The names of a scale's points, in matrix order.</summary>
    public static IReadOnlyList<string> PointNames(string scale) =>
        scale == ScorecardScales.PassFail ? ["fail", "pass"] : ["1", "2", "3", "4", "5"];

    public static AgreementFigures Compute(IReadOnlyCollection<ScorePair> pairs, string scale = ScorecardScales.OneToFive)
    {
        if (pairs.Count == 0)
        {
            return new AgreementFigures(0, null, null, null, null);
        }

        int exact = 0, withinOne = 0;
        double absolute = 0;
        foreach (var pair in pairs)
        {
            var difference = Math.Abs(PointIndex(scale, pair.Human) - PointIndex(scale, pair.Ai));
            exact += difference == 0 ? 1 : 0;
            withinOne += difference <= 1 ? 1 : 0;
            absolute += Math.Abs(pair.Human - pair.Ai);
        }

        return new AgreementFigures(
            pairs.Count,
            (double)exact / pairs.Count,
            (double)withinOne / pairs.Count,
            absolute / pairs.Count,
            QuadraticWeightedKappa(ConfusionMatrix(pairs, scale)));
    }

    /// <summary>Counts by [human point, AI point], 0-based (<see cref="PointIndex"/>).</summary>
    public static int[,] ConfusionMatrix(IEnumerable<ScorePair> pairs, string scale = ScorecardScales.OneToFive)
    {
        var points = PointsOf(scale);
        var matrix = new int[points, points];
        foreach (var pair in pairs)
        {
            matrix[PointIndex(scale, pair.Human), PointIndex(scale, pair.Ai)]++;
        }

        return matrix;
    }

    /// <summary>
    /// Cohen's kappa with quadratic weights w = (i − j)² / (k − 1)²: 1 − Σ w·observed / Σ w·expected, where expected
    /// is the product of the two raters' margins over the number of pairs. Null when expected disagreement is 0 (both
    /// gave one and the same point every time), where kappa is undefined.
    /// </summary>
    public static double? QuadraticWeightedKappa(int[,] matrix)
    {
        var k = matrix.GetLength(0);
        var rows = new double[k];
        var columns = new double[k];
        double total = 0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                rows[i] += matrix[i, j];
                columns[j] += matrix[i, j];
                total += matrix[i, j];
            }
        }

        if (total == 0)
        {
            return null;
        }

        double observed = 0, expected = 0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var weight = (double)((i - j) * (i - j)) / ((k - 1) * (k - 1));
                observed += weight * matrix[i, j];
                expected += weight * rows[i] * columns[j] / total;
            }
        }

        return expected == 0 ? null : 1 - observed / expected;
    }
}
