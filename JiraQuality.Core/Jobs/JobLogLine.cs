namespace JiraQuality.Core.Jobs;

/// <summary>One line of a job's log.</summary>
public sealed record JobLogLine(Guid JobId, string Kind, DateTime AtUtc, string Line);
