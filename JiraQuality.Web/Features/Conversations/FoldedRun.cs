namespace JiraQuality.Web.Features.Conversations;

/// <summary>Consecutive messages folded away behind one button: first and last index, how many, the last timestamp.</summary>
public sealed record FoldedRun(int First, int Last, int Count, DateTime? LastTimestamp);
