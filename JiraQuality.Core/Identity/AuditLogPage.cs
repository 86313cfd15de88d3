namespace JiraQuality.Core.Identity;

/// <summary>One page of audit entries, newest first, and how many match in all.</summary>
public sealed record AuditLogPage(IReadOnlyList<AuditEntryView> Entries, int TotalCount);
