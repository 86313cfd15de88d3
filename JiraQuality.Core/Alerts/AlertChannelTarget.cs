namespace JiraQuality.Core.Alerts;

/// <summary>Where a channel sends, without its secrets: the host of a webhook address, the recipients of e-mail.</summary>
public static class AlertChannelTarget
{
    public static string Describe(AlertChannelOptions channel) => channel.Kind switch
    {
        AlertChannelKinds.Email => string.Join(", ", channel.Recipients),
        _ when Uri.TryCreate(channel.Url, UriKind.Absolute, out var url) => $"{url.Scheme}://{url.Authority}/…",
        _ => "not set",
    };
}
