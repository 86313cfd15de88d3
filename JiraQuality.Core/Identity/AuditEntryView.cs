namespace JiraQuality.Core.Identity;

/// <summary>One audit entry as the audit page shows it.</summary>
public sealed record AuditEntryView(long Id, DateTime AtUtc, string Actor, string Action, string? Target, string? Detail, string? RemoteAddress);
