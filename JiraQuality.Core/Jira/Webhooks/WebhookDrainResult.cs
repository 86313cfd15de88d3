namespace JiraQuality.Core.Jira.Webhooks;

/// <summary>What one pass over the pending deliveries did.</summary>
public sealed record WebhookDrainResult(int IssuesFetched, int DeliveriesFetched, int DeliveriesRetrying, int DeliveriesFailed, DateTime? NextDueUtc);
