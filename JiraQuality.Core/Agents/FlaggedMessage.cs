namespace JiraQuality.Core.Agents;

/// <summary>A flagged message, its text always redacted (the page is open to every role).</summary>
public sealed record FlaggedMessage(string IssueKey, int MessageIndex, FlagKind Kind, DateTime? TimestampUtc, int Hits, string Text);
