using System.Security.Cryptography;
using System.Text;
using JiraQuality.Core.Review;

namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>
/// The scorecard as the scorers see it: its own categories (the three AI scores are scored apart) and a fingerprint
/// of what the prompt or the rules depend on, so editing a category's wording gives a new scorer version.
/// </summary>
public static class ScorecardScoring
{
    /// <summary>The scorecard's own categories, in scorecard order; the AI's three scores are left out.</summary>
    public static IReadOnlyList<ScorecardCategory> CustomCategories(IEnumerable<ScorecardCategory>? categories) =>
        categories?.Where(c => !c.IsAi && c.Key.Length > 0).ToList() ?? [];

    /// <summary>8 hex digits over each category's key, name, scale, N/A rule and description (weights and "critical" do not change a verdict).</summary>
    public static string Fingerprint(IEnumerable<ScorecardCategory> categories)
    {
        var text = new StringBuilder();
        foreach (var category in categories)
        {
            text.Append(category.Key).Append('\u001f').Append(category.Name).Append('\u001f').Append(category.Scale).Append('\u001f')
                .Append(category.NotApplicableAllowed ? '1' : '0').Append('\u001f').Append(category.Description).Append('\u001e');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..8];
    }

    /// <summary>The best score of a scale: 5 on 1–5, 1 (pass) on pass/fail.</summary>
    public static double Best(string scale) => scale == ScorecardScales.PassFail ? 1 : 5;

    /// <summary>The worst score of a scale: 1 on 1–5, 0 (fail) on pass/fail.</summary>
    public static double Worst(string scale) => scale == ScorecardScales.PassFail ? 0 : 1;
}
