namespace JiraQuality.Core.Scoring.Measures;

/// <summary>Tells whether a text holds any of a list of whole words or multi-word phrases, case-insensitively.</summary>
public sealed class PhraseMatcher
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _single;
    private readonly List<string[]> _phrases = [];

    public PhraseMatcher(IEnumerable<string> phrases)
    {
        var single = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var phrase in phrases)
        {
            var words = phrase.Replace('’', '\'').Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (words.Length == 1)
            {
                single.Add(words[0]);
            }
            else if (words.Length > 1)
            {
                _phrases.Add(words);
            }
        }

        _single = single.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public bool Matches(string text)
    {
        Span<Range> buffer = stackalloc Range[64];
        var words = Tokenize(text, buffer, out var rented);
        try
        {
            var span = text.AsSpan();
            for (var i = 0; i < words.Length; i++)
            {
                var word = span[words[i]];
                if (_single.Contains(word))
                {
                    return true;
                }

                foreach (var phrase in _phrases)
                {
                    if (i + phrase.Length > words.Length)
                    {
                        continue;
                    }

                    var all = true;
                    for (var k = 0; k < phrase.Length && all; k++)
                    {
                        all = Same(span[words[i + k]], phrase[k]);
                    }

                    if (all)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<Range>.Shared.Return(rented);
            }
        }
    }

    private static bool Same(ReadOnlySpan<char> word, string expected)
    {
        if (word.Length != expected.Length)
        {
            return false;
        }

        for (var i = 0; i < word.Length; i++)
        {
            var a = word[i] == '’' ? '\'' : char.ToLowerInvariant(word[i]);
            if (a != char.ToLowerInvariant(expected[i]))
            {
                return false;
            }
        }

        return true;
    }

    // Words are letters with inner apostrophes ("can't"); a curly apostrophe counts as one.
    private static ReadOnlySpan<Range> Tokenize(string text, Span<Range> buffer, out Range[]? rented)
    {
        rented = null;
        var count = 0;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetter(text[i]))
            {
                i++;
            }

            var start = i;
            while (i < text.Length && (char.IsLetter(text[i]) || (IsApostrophe(text[i]) && i + 1 < text.Length && char.IsLetter(text[i + 1]) && i > start)))
            {
                i++;
            }

            if (i > start)
            {
                if (count == buffer.Length)
                {
                    var larger = System.Buffers.ArrayPool<Range>.Shared.Rent(buffer.Length * 2);
                    buffer.CopyTo(larger);
                    if (rented is not null)
                    {
                        System.Buffers.ArrayPool<Range>.Shared.Return(rented);
                    }

                    rented = larger;
                    buffer = larger;
                }

                buffer[count++] = start..i;
            }
        }

        return buffer[..count];
    }

    private static bool IsApostrophe(char c) => c is '\'' or '’';
}
