namespace JiraQuality.Core.Conversations;

/// <summary>What was cut from an over-budget conversation.</summary>
public sealed record TrimRecord(int OriginalTokens, int KeptTokens, int RemovedMessages);
