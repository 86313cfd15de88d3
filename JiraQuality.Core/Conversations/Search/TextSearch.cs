using System.Globalization;
using System.Text;

namespace JiraQuality.Core.Conversations.Search;

/// <summary>
/// A full-text search as typed in the list's "Text" box or the API's <c>text</c> field: bare words and "quoted phrases",
/// all of which must occur in the ticket's thread. Words are runs of letters and digits, compared without case and
/// accents on SQLite (PostgreSQL's index keeps accents: "café" does not find "cafe" there); anything else separates
/// words (so <c>e-mail</c> is the phrase "e mail"), which is how both databases' full-text indexes split text.
/// </summary>
public sealed record TextSearch(IReadOnlyList<IReadOnlyList<string>> Phrases)
{
    /// <summary>Longest search read; a longer text is refused rather than cut.</summary>
    public const int MaxLength = 500;

    /// <summary>More terms than a person types; the rest are refused.</summary>
    public const int MaxTerms = 16;

    /// <summary>
    /// Reads a search; null for a blank one. <paramref name="error"/> is set (and null returned) when the text is too
    /// long, has too many terms or holds no word at all.
    /// </summary>
    public static TextSearch? Parse(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (text.Length > MaxLength)
        {
            error = $"The text search is longer than {MaxLength} characters.";
            return null;
        }

        var phrases = new List<IReadOnlyList<string>>();
        var quoted = false;
        foreach (var part in text.Split('"'))
        {
            if (quoted)
            {
                AddPhrase(phrases, Words(part));
            }
            else
            {
                foreach (var word in part.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                {
                    AddPhrase(phrases, Words(word));
                }
            }

            quoted = !quoted;
        }

        if (phrases.Count == 0)
        {
            error = "The text search has no word to look for (letters or digits).";
            return null;
        }

        if (phrases.Count > MaxTerms)
        {
            error = $"The text search has more than {MaxTerms} words or phrases.";
            return null;
        }

        return new TextSearch(phrases);
    }

    /// <summary>The words of a text in order, each with where it starts and how long it is, folded for comparison.</summary>
    public static IEnumerable<(int Start, int Length, string Folded)> Tokens(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text, i))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && IsWordChar(text, i))
            {
                i += char.IsSurrogatePair(text, i) ? 2 : 1;
            }

            yield return (start, i - start, Fold(text.AsSpan(start, i - start)));
        }
    }

    /// <summary>Lower case without accents: "Café" and "cafe" are the same word.</summary>
    public static string Fold(ReadOnlySpan<char> word)
    {
        var decomposed = word.ToString().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The words as the databases are asked for them: lower case, accents kept (SQLite folds them itself).</summary>
    private static List<string> Words(string text) => Tokens(text).Select(t => text.Substring(t.Start, t.Length).ToLowerInvariant()).ToList();

    private static void AddPhrase(List<IReadOnlyList<string>> phrases, List<string> words)
    {
        if (words.Count > 0 && !phrases.Any(p => p.SequenceEqual(words)))
        {
            phrases.Add(words);
        }
    }

    private static bool IsWordChar(string text, int index) =>
        char.IsLetterOrDigit(text, index) || CharUnicodeInfo.GetUnicodeCategory(text, index) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}
