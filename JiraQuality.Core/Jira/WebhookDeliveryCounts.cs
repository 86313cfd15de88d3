namespace JiraQuality.Core.Jira;

/// <summary>Counts for the Settings page.</summary>
public sealed record WebhookDeliveryCounts(int Pending, int Failed, string? LastError);
