namespace JiraQuality.Core.Jira.Webhooks;

/// <summary>The states of a <see cref="WebhookDelivery"/>.</summary>
public static class WebhookDeliveryStates
{
    public const string Pending = "pending";
    public const string Fetched = "fetched";
    public const string Failed = "failed";
}
