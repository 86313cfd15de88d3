namespace JiraQuality.Core.Reporting.ConversationQueries;

/// <summary>The neighbours of a ticket in a list's order.</summary>
public sealed record ConversationNeighbours(string? Previous, string? Next, int Position, int Total);
