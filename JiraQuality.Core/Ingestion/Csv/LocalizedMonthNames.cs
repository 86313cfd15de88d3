using System.Text.RegularExpressions;

namespace JiraQuality.Core.Ingestion.Csv;

/// <summary>
/// Month abbreviations Jira writes in named-month dates (<c>18/jul/26 9:10 AM</c>) when the exporting user's profile
/// is not in English, mapped to the English ones the parser reads. Same languages as <see cref="JiraHeaderNames"/>,
/// without French (its headers are not confirmed, so a French export is refused before any date is read).
/// </summary>
public static partial class LocalizedMonthNames
{
    /// <summary>Language → abbreviations for January … December (several forms where Jira's Java versions differ).</summary>
    public static readonly IReadOnlyList<(string Language, string[][] Months)> Table =
    [
        ("Spanish", [["ene"], ["feb"], ["mar"], ["abr"], ["may"], ["jun"], ["jul"], ["ago"], ["sep", "sept"], ["oct"], ["nov"], ["dic"]]),
        ("Portuguese", [["jan"], ["fev"], ["mar"], ["abr"], ["mai"], ["jun"], ["jul"], ["ago"], ["set"], ["out"], ["nov"], ["dez"]]),
        ("German", [["jan"], ["feb"], ["mär", "märz", "mrz"], ["apr"], ["mai"], ["jun", "juni"], ["jul", "juli"], ["aug"], ["sep", "sept"], ["okt"], ["nov"], ["dez"]]),
    ];

    private static readonly string[] English = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    private static readonly Dictionary<string, string> ToEnglishByName = BuildMap();

    /// <summary>The text with a localised month name (between the day and the year) in English; null when there is none.</summary>
    public static string? ToEnglish(string text)
    {
        var match = NamedMonth().Match(text);
        if (!match.Success || !ToEnglishByName.TryGetValue(match.Groups["month"].Value, out var english))
        {
            return null;
        }

        return string.Concat(text.AsSpan(0, match.Groups["month"].Index), english, text.AsSpan(match.Index + match.Length));
    }

    private static Dictionary<string, string> BuildMap()
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (_, months) in Table)
        {
            for (var i = 0; i < months.Length; i++)
            {
                foreach (var name in months[i])
                {
                    map.TryAdd(name, English[i]);
                }
            }
        }

        return map;
    }

    // 18/jul/26, 18-ago-2026, 3 dic 2025: the month between the day and the year, with an optional dot.
    [GeneratedRegex(@"(?<=^\s*\d{1,2}[/\- ])(?<month>\p{L}+)\.?(?=[/\- ]\d)")]
    private static partial Regex NamedMonth();
}
