using System.Text.RegularExpressions;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Roles;

namespace JiraQuality.Core.Ingestion.Redaction;

/// <summary>
/// Replaces the names of the people in a conversation inside its redacted message texts: the customer's (the
/// reporter and customer comment authors) become <c>[customer]</c>, the agents' (agent comment authors and everyone in
/// the agent directory) <c>[agent]</c>. So "Hi Rui, thanks" never reaches the LLM or a redacted export. Every part of a
/// display name counts (first names, surnames, both halves of "Jean-Luc"); a word matches when it is written with a
/// capital, so "will" stays even when an agent is called Will. A part both sides share reads <c>[customer]</c>.
/// </summary>
public sealed partial class PersonNameRedactor
{
    private readonly Dictionary<string, string> _directory = new(StringComparer.OrdinalIgnoreCase);

    public PersonNameRedactor(IEnumerable<string> agentDirectoryNames)
    {
        foreach (var name in agentDirectoryNames)
        {
            Add(_directory, name, RolePlaceholders.Agent);
        }
    }

    /// <summary>The messages with the names of this conversation's people replaced in their redacted text.</summary>
    public IReadOnlyList<ConversationMessage> Apply(IReadOnlyList<ConversationMessage> messages, string? reporter)
    {
        var people = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var message in messages.Where(m => m.Role == MessageRole.Agent))
        {
            Add(people, message.AuthorName, RolePlaceholders.Agent);
            Add(people, message.AuthorSource?.Name, RolePlaceholders.Agent);
        }

        // The customer wins a name both sides share: hiding the customer matters more.
        foreach (var message in messages.Where(m => m.Role == MessageRole.Customer))
        {
            Add(people, message.AuthorName, RolePlaceholders.Customer);
            Add(people, message.AuthorSource?.Name, RolePlaceholders.Customer);
        }

        Add(people, reporter, RolePlaceholders.Customer);
        if (people.Count == 0 && _directory.Count == 0)
        {
            return messages;
        }

        return [.. messages.Select(m => m with { RedactedText = Redact(m.RedactedText, people) })];
    }

    /// <summary>Replaces capitalised words that are parts of the given names (then of the directory's) by their placeholder.</summary>
    public string Redact(string text, IReadOnlyDictionary<string, string> people)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var replaced = CapitalisedWord().Replace(text, m =>
            people.TryGetValue(m.Value, out var placeholder) || _directory.TryGetValue(m.Value, out placeholder) ? placeholder : m.Value);
        // "Rui Costa" reads "[customer]", not "[customer] [customer]".
        return RepeatedPlaceholder().Replace(replaced, "$1");
    }

    private static void Add(Dictionary<string, string> names, string? displayName, string placeholder)
    {
        if (string.IsNullOrWhiteSpace(displayName) || displayName.Contains(':') || displayName.Contains('@') || displayName.Any(char.IsDigit))
        {
            // Account ids, e-mail addresses and user names with numbers are not names people write in a message.
            return;
        }

        foreach (Match part in NamePart().Matches(displayName))
        {
            if (part.Value.Length >= 2)
            {
                names[part.Value] = placeholder;
            }
        }
    }

    [GeneratedRegex(@"\p{L}[\p{L}\p{M}]*")]
    private static partial Regex NamePart();

    [GeneratedRegex(@"(?<![\p{L}\p{M}\p{Nd}_])\p{Lu}[\p{L}\p{M}]*(?![\p{L}\p{M}\p{Nd}_])")]
    private static partial Regex CapitalisedWord();

    [GeneratedRegex(@"(\[(?:customer|agent)\])(?:[ \t]+\1)+")]
    private static partial Regex RepeatedPlaceholder();
}
