namespace JiraQuality.Core.Alerts;

public static class AlertDeliveryRules
{
    public const string Digest = "digest";
}
