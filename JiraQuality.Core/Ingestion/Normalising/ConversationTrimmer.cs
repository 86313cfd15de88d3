using Microsoft.ML.Tokenizers;
using JiraQuality.Core.Conversations;

namespace JiraQuality.Core.Ingestion.Normalising;

/// <summary>
/// Counts tokens of the text an LLM would see (the redacted messages) with the o200k_base encoding, and
/// trims an over-budget conversation in the middle: the head and tail are kept, the middle messages'
/// redacted text is emptied and the first of them carries a marker. Every message, its timestamp and its
/// original text stay, so metrics and analysts see the whole thread.
/// </summary>
public sealed class ConversationTrimmer
{
    /// <summary>Per-message overhead for the role label and separators in a prompt.</summary>
    public const int MessageOverheadTokens = 4;

    private static readonly Lazy<Tokenizer> SharedTokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    private readonly int _budget;

    public ConversationTrimmer(int budget)
    {
        _budget = Math.Max(64, budget);
    }

    public static Tokenizer Tokenizer => SharedTokenizer.Value;

    public static int CountTokens(string text) => string.IsNullOrEmpty(text) ? 0 : Tokenizer.CountTokens(text);

    public static string MarkerText(int messages, int tokens) => $"[… {messages} message(s), {tokens} tokens trimmed to fit the token budget …]";

    /// <summary>Returns the messages to store, their token count and the trim record (null when it fitted).</summary>
    public (IReadOnlyList<ConversationMessage> Messages, int TokenCount, TrimRecord? Trim) Apply(IReadOnlyList<ConversationMessage> messages)
    {
        var counts = new int[messages.Count];
        var overhead = MessageOverheadTokens * messages.Count;
        var total = overhead;
        for (var i = 0; i < messages.Count; i++)
        {
            counts[i] = CountTokens(messages[i].RedactedText);
            total += counts[i];
        }

        if (total <= _budget)
        {
            return (messages, total, null);
        }

        // Every message keeps its place (and its overhead); the text budget left is shared half to the
        // start and half to the end, after reserving the marker's own tokens.
        var available = Math.Max(0, _budget - overhead - CountTokens(MarkerText(messages.Count, total)) - 1);
        var head = 0;
        var used = 0;
        while (head < messages.Count && used + counts[head] <= available / 2)
        {
            used += counts[head++];
        }

        var tail = messages.Count;
        while (tail - 1 > head && used + counts[tail - 1] <= available)
        {
            used += counts[--tail];
        }

        var result = new List<ConversationMessage>(messages.Count);
        result.AddRange(messages.Take(head));
        var removed = tail - head;
        var removedTokens = total - overhead - used;
        for (var i = head; i < tail; i++)
        {
            var redacted = "";
            if (i == head)
            {
                redacted = MarkerText(removed, removedTokens);
                if (head == 0)
                {
                    // Not even the first message fits: keep the start of its text so the problem statement survives.
                    redacted = KeepStart(messages[0].RedactedText, available / 2) + "\n" + redacted;
                }
            }

            result.Add(messages[i] with { RedactedText = redacted });
        }

        result.AddRange(messages.Skip(tail));
        var kept = overhead + result.Sum(m => CountTokens(m.RedactedText));
        return (result, kept, new TrimRecord(total, kept, removed));
    }

    private static string KeepStart(string text, int tokens)
    {
        var index = Tokenizer.GetIndexByTokenCount(text, Math.Max(1, tokens), out _, out _);
        return text[..index];
    }
}
