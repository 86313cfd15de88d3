using JiraQuality.Core.Reporting.Dashboard;


namespace JiraQuality.Core.Agents;

/// <summary>
/// Sorts improvement tips into a few coaching themes by the words they use, so an agent's page reads "mostly about
/// response speed" instead of a flat list of wordings. A tip joins the first theme with a word starting with one of its stems.
/// </summary>
public static class TipThemes
{
    public const string Other = "Other";

    /// <summary>The themes in the order they are tried, each with the word stems that place a tip in it.</summary>
    public static IReadOnlyList<(string Theme, string[] Stems)> All { get; } =
    [
        ("Speed and waiting", ["faster", "sooner", "quick", "prompt", "delay", "wait", "respond within", "response time", "first response", "slow"]),
        ("Updates and follow-up", ["update", "follow up", "follow-up", "proactive", "check in", "keep the customer informed", "inform", "status"]),
        ("Empathy and tone", ["empath", "apolog", "tone", "polite", "acknowledg", "frustrat", "reassur", "friendl", "courte", "patien"]),
        ("Greeting and closing", ["greet", "thank", "closing", "close the", "sign off", "introduc", "name"]),
        ("Clarity", ["clear", "explain", "concise", "jargon", "step", "instruction", "simple", "summar", "detail"]),
        ("Resolution", ["resolv", "solution", "fix", "confirm", "root cause", "escalat", "ownership", "workaround"]),
    ];

    public static string Of(string tip)
    {
        var normalised = " " + TipText.Normalise(tip) + " ";
        foreach (var (theme, stems) in All)
        {
            if (stems.Any(stem => normalised.Contains(" " + stem, StringComparison.Ordinal)))
            {
                return theme;
            }
        }

        return Other;
    }

    /// <summary>Groups tips (already grouped by wording) by theme, the busiest theme first, "Other" last.</summary>
    public static IReadOnlyList<TipTheme> Group(IEnumerable<TipGroup> tips) => tips
        .GroupBy(t => Of(t.Tip))
        .Select(g => new TipTheme(
            g.Key,
            g.Sum(t => t.Count),
            g.OrderByDescending(t => t.Count).ThenBy(t => t.Tip, StringComparer.Ordinal).ToList()))
        .OrderBy(t => t.Theme == Other ? 1 : 0)
        .ThenByDescending(t => t.Count)
        .ThenBy(t => t.Theme, StringComparer.Ordinal)
        .ToList();
}
