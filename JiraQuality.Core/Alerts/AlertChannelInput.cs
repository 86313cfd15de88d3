namespace JiraQuality.Core.Alerts;

/// <summary>A channel as typed on the Settings page. <see cref="Url"/> and <see cref="Secret"/> left blank keep the stored ones.</summary>
public sealed class AlertChannelInput
{
    public string? Name { get; set; }
    public string? Kind { get; set; } = AlertChannelKinds.Webhook;
    public string? Url { get; set; }
    public string? Secret { get; set; }
    public string? To { get; set; }
}
