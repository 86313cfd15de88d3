namespace JiraQuality.Core.Jira.Webhooks;

/// <summary>Counts for the Settings page.</summary>
public sealed record WebhookDeliveryCounts(int Pending, int Failed, string? LastError);
