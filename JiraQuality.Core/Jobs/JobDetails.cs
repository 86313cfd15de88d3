namespace JiraQuality.Core.Jobs;

/// <summary>A stored job with what the details view needs beyond its snapshot.</summary>
public sealed record JobDetails(
    JobSnapshot Job,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<string> LogTail,
    int Failed,
    double CostUsd);
