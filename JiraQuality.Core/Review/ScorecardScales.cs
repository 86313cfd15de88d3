using System.Globalization;

namespace JiraQuality.Core.Review;

/// <summary>How a category is scored.</summary>
public static class ScorecardScales
{
    /// <summary>A whole number from 1 (poor) to 5 (excellent).</summary>
    public const string OneToFive = "1-5";

    /// <summary>Pass (stored as 1) or fail (stored as 0).</summary>
    public const string PassFail = "pass-fail";

    public static readonly IReadOnlyList<string> All = [OneToFive, PassFail];

    public static bool IsValidScore(string scale, double score) => scale == PassFail
        ? score is 0 or 1
        : score is >= 1 and <= 5 && score == Math.Floor(score);

    /// <summary>The score as a share of the best score: 1–5 maps to 0–1 in quarters, fail/pass to 0/1.</summary>
    public static double Normalised(string scale, double score) => scale == PassFail ? score : (score - 1) / 4;

    /// <summary>A critical category fails on "fail", or on the lowest score (1) of a 1–5 category.</summary>
    public static bool IsFail(string scale, double score) => scale == PassFail ? score == 0 : score <= 1;

    public static string Display(string scale, double? score) => score switch
    {
        null => "N/A",
        { } s when scale == PassFail => s >= 1 ? "pass" : "fail",
        { } s => s.ToString("0.#", CultureInfo.InvariantCulture),
    };
}
