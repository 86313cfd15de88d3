namespace JiraQuality.Core.Alerts;

/// <summary>The channel kinds an alert may be sent through.</summary>
public static class AlertChannelKinds
{
    public const string Email = "email";
    public const string Slack = "slack";
    public const string Teams = "teams";
    public const string Webhook = "webhook";

    public static readonly IReadOnlyList<string> All = [Email, Slack, Teams, Webhook];
}
