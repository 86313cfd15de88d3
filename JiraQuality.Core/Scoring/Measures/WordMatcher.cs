namespace JiraQuality.Core.Scoring.Measures;

/// <summary>
/// Counts whole-word occurrences of a word list, case-insensitively, including the usual English inflections
/// ("fucking", "shitty", "hated") but never a longer unrelated word ("hello" is not "hell").
/// </summary>
public sealed class WordMatcher
{
    private static readonly string[] VowelSuffixes = ["ing", "in", "ed", "er", "ers", "est", "y", "ier", "iest", "es"];
    private static readonly string[] ConsonantSuffixes = ["s", "d"];

    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _forms;

    public WordMatcher(IEnumerable<string> words)
    {
        var forms = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in words)
        {
            var word = raw.Trim().ToLowerInvariant();
            if (word.Length == 0)
            {
                continue;
            }

            forms.Add(word);
            foreach (var suffix in ConsonantSuffixes)
            {
                forms.Add(word + suffix);
            }

            foreach (var suffix in VowelSuffixes)
            {
                forms.Add(word + suffix);
                if (word.EndsWith('e'))
                {
                    forms.Add(word[..^1] + suffix);
                }
                else if (IsConsonant(word[^1]))
                {
                    // Doubled final consonant: "shitty", "damned" stays as is, "crappy".
                    forms.Add(word + word[^1] + suffix);
                }
            }
        }

        _forms = forms.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count(string text)
    {
        var count = 0;
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            while (i < span.Length && !char.IsLetter(span[i]))
            {
                i++;
            }

            var start = i;
            while (i < span.Length && char.IsLetter(span[i]))
            {
                i++;
            }

            if (i > start && _forms.Contains(span[start..i]))
            {
                count++;
            }
        }

        return count;
    }

    private static bool IsConsonant(char c) => char.IsLetter(c) && "aeiouy".IndexOf(c) < 0;
}
