namespace JiraQuality.Web.Features.Jobs;

/// <summary>One log line of a job as sent to hub clients.</summary>
public sealed record JobLogMessage(Guid JobId, string Kind, DateTime AtUtc, string Line);
