namespace JiraQuality.Core.Identity;

/// <summary>
/// Which audit entries to show. <paramref name="FromUtc"/> is inclusive, <paramref name="ToUtc"/> exclusive;
/// <paramref name="ActorContains"/> matches any part of the actor, ignoring case.
/// </summary>
public sealed record AuditLogFilter(string? Action = null, string? ActorContains = null, DateTime? FromUtc = null, DateTime? ToUtc = null);
