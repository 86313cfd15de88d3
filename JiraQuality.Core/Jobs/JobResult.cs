namespace JiraQuality.Core.Jobs;

/// <summary>What a finished job reports.</summary>
public sealed record JobResult(string Summary, int Failed = 0);
