namespace JiraQuality.Core.Jobs;

/// <summary>A copy of a running job's progress, for storing.</summary>
public sealed record JobProgressState(int Completed, int Total, string? CurrentItem, IReadOnlyList<string> LogTail, double CostUsd);
