namespace JiraQuality.Core.Alerts;

/// <summary>
/// An alert channel an admin added on the Settings page. It is kept in the database so every instance sends through
/// it, next to the channels from <c>Alerts:Channels</c> in settings.
/// </summary>
public sealed class StoredAlertChannel
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The name in upper case: unique, so two channels never differ only by case.</summary>
    public string NameKey { get; set; } = "";

    public string Kind { get; set; } = "";

    /// <summary>The incoming-webhook address. A secret: never shown, logged or audited.</summary>
    public string Url { get; set; } = "";

    /// <summary>The webhook signing key. Never shown, logged or audited.</summary>
    public string Secret { get; set; } = "";

    public string To { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    public AlertChannelOptions ToOptions() => new() { Name = Name, Kind = Kind, Url = Url, Secret = Secret, To = To };

    public static string KeyOf(string name) => name.Trim().ToUpperInvariant();
}
