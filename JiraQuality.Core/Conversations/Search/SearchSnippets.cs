
namespace JiraQuality.Core.Conversations.Search;

/// <summary>
/// Builds result snippets from the text the reader is shown (the redacted text), never from markup: the excerpt is a
/// list of segments, so a ticket containing <c>&lt;script&gt;</c> is shown as those characters.
/// </summary>
public static class SearchSnippets
{
    /// <summary>About how many characters of context a snippet shows around its first match.</summary>
    public const int ContextBefore = 60;

    public const int MaxLength = 220;

    /// <summary>
    /// The snippet of the message that matches most of the search's words and phrases (the first such message on a tie);
    /// null when no message matches (e.g. the match spans two messages).
    /// </summary>
    public static SearchSnippet? Build(IReadOnlyList<ConversationMessage> messages, TextSearch search)
    {
        SearchSnippet? best = null;
        var bestPhrases = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var text = messages[i].Text;
            var (ranges, phrases) = Matches(text, search);
            if (phrases > bestPhrases)
            {
                bestPhrases = phrases;
                best = new SearchSnippet(messages[i].Index > 0 ? messages[i].Index : i + 1, Excerpt(text, ranges));
            }
        }

        return best;
    }

    /// <summary>The character ranges of every occurrence of every phrase, merged and in order, and how many phrases occur.</summary>
    public static (List<(int Start, int End)> Ranges, int Phrases) Matches(string text, TextSearch search)
    {
        var tokens = TextSearch.Tokens(text).ToList();
        var ranges = new List<(int Start, int End)>();
        var found = 0;
        foreach (var phrase in search.Phrases)
        {
            var folded = phrase.Select(w => TextSearch.Fold(w)).ToList();
            var any = false;
            for (var t = 0; t + folded.Count <= tokens.Count; t++)
            {
                var all = true;
                for (var w = 0; w < folded.Count && all; w++)
                {
                    all = tokens[t + w].Folded == folded[w];
                }

                if (all)
                {
                    any = true;
                    var last = tokens[t + folded.Count - 1];
                    ranges.Add((tokens[t].Start, last.Start + last.Length));
                }
            }

            found += any ? 1 : 0;
        }

        ranges.Sort();
        var merged = new List<(int Start, int End)>();
        foreach (var range in ranges)
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, range.End));
            }
            else
            {
                merged.Add(range);
            }
        }

        return (merged, found);
    }

    private static List<SnippetSegment> Excerpt(string text, List<(int Start, int End)> ranges)
    {
        var start = Math.Max(0, ranges[0].Start - ContextBefore);
        var end = Math.Min(text.Length, start + MaxLength);
        if (ranges[0].End > end)
        {
            end = ranges[0].End;
        }

        // Whole words at the cut edges.
        while (start > 0 && start < ranges[0].Start && !char.IsWhiteSpace(text[start - 1]))
        {
            start++;
        }

        while (end < text.Length && end > ranges[0].End && !char.IsWhiteSpace(text[end]))
        {
            end--;
        }

        var segments = new List<SnippetSegment>();
        var at = start;
        void Plain(int to)
        {
            if (to > at)
            {
                segments.Add(new SnippetSegment(Flatten(text[at..to]), false));
            }
        }

        foreach (var (matchStart, matchEnd) in ranges.Where(r => r.Start >= start && r.End <= end))
        {
            Plain(matchStart);
            segments.Add(new SnippetSegment(Flatten(text[matchStart..matchEnd]), true));
            at = matchEnd;
        }

        Plain(end);
        if (start > 0)
        {
            segments.Insert(0, new SnippetSegment("… ", false));
        }

        if (end < text.Length)
        {
            segments.Add(new SnippetSegment(" …", false));
        }

        return segments;
    }

    /// <summary>One line: a snippet is read in a list row.</summary>
    private static string Flatten(string text) => text.ReplaceLineEndings(" ");
}
