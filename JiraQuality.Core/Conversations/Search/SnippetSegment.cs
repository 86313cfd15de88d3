
namespace JiraQuality.Core.Conversations.Search;

/// <summary>A piece of a snippet: plain text, or text that matched the search. Pages render it encoded.</summary>
public sealed record SnippetSegment(string Text, bool Match);
