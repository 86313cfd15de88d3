
namespace JiraQuality.Core.Conversations.Search;

/// <summary>Where a search matched a thread: the message (1-based, as the drill-down numbers it) and an excerpt of it.</summary>
public sealed record SearchSnippet(int MessageNumber, IReadOnlyList<SnippetSegment> Segments);
