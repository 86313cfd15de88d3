namespace JiraQuality.Core.Alerts;

/// <summary>The states of an <see cref="AlertDelivery"/>.</summary>
public static class AlertDeliveryStates
{
    /// <summary>A digest-mode alert waiting for the next digest.</summary>
    public const string Waiting = "waiting";

    public const string Pending = "pending";
    public const string Sent = "sent";

    /// <summary>Given up: the channel refused it or every attempt failed.</summary>
    public const string Failed = "failed";

    /// <summary>Gathered into a digest delivery (<see cref="AlertDelivery.DigestId"/>), which is sent in its place.</summary>
    public const string InDigest = "in-digest";
}
