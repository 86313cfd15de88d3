using JiraQuality.Core.Jira.Webhooks;

namespace JiraQuality.Core.Jira;

/// <summary>What the Settings page shows about Jira; secrets are reported only as set or not set.</summary>
public sealed record JiraStatus(
    bool Configured,
    string BaseUrl,
    string Email,
    string Project,
    DateTime? LastSyncUtc,
    int LastSyncIssues,
    DateTime? CheckpointUtc,
    bool ScheduleActive,
    string ScheduleCron,
    DateTime? NextScheduledRunUtc,
    string? ScheduleReason,
    bool WebhookSecretConfigured,
    bool CronSecretConfigured,
    WebhookDeliveryCounts WebhookDeliveries);
