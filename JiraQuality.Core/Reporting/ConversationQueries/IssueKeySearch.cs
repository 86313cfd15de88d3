using System.Text.RegularExpressions;

namespace JiraQuality.Core.Reporting.ConversationQueries;

/// <summary>
/// Reads the list's search box: one issue key or several pasted keys (separated by spaces, commas, semicolons or
/// new lines) name exact tickets, and a ticket asked for by its key is found whatever the selected window. Anything
/// else is a part of a key, matched inside the window.
/// </summary>
public static partial class IssueKeySearch
{
    /// <summary>More keys than a person pastes; a longer search is read as text, not as a list of keys.</summary>
    public const int MaxKeys = 200;

    /// <summary>The upper-case keys the search names, or null when it is not made only of whole issue keys.</summary>
    public static IReadOnlyList<string>? Keys(string? search)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return null;
        }

        var tokens = Tokens(search);
        if (tokens.Length == 0 || tokens.Length > MaxKeys || !tokens.All(t => KeyPattern().IsMatch(t)))
        {
            return null;
        }

        return tokens.Select(t => t.ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The keys as typed and upper-cased, for an exact match on the stored key.</summary>
    public static IReadOnlyList<string> Candidates(string search) =>
        (Keys(search) ?? []).Concat(Tokens(search)).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>True when the search names whole issue keys, so the window does not limit it.</summary>
    public static bool IsKeyList(string? search) => Keys(search) is not null;

    private static string[] Tokens(string search) =>
        search.Split([' ', ',', ';', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
