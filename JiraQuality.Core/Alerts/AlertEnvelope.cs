namespace JiraQuality.Core.Alerts;

/// <summary>What one delivery carries: one alert, or the alerts of a digest.</summary>
public sealed record AlertEnvelope(Guid DeliveryId, AlertMessage? Alert, AlertDigestMessage? Digest)
{
    public IReadOnlyList<AlertMessage> Alerts => Alert is not null ? [Alert] : Digest?.Alerts ?? [];

    public string Subject => Digest is not null
        ? $"JiraQuality digest: {Digest.Alerts.Count} alert{(Digest.Alerts.Count == 1 ? "" : "s")}"
        : $"JiraQuality alert: {Alert!.Title}";

    public static AlertEnvelope FromDelivery(AlertDelivery delivery) =>
        delivery.RuleId == AlertDeliveryRules.Digest
            ? new AlertEnvelope(delivery.Id, null, AlertDigestMessage.FromJson(delivery.PayloadJson))
            : new AlertEnvelope(delivery.Id, AlertMessage.FromJson(delivery.PayloadJson), null);
}
