using System.Globalization;

namespace JiraQuality.Core.Alerts;

public sealed class AlertDigestOptions
{
    /// <summary>The time of day (HH:mm) the digest goes out, in <see cref="TimeZone"/>.</summary>
    public string Time { get; set; } = "08:00";

    /// <summary>An IANA or Windows time zone id.</summary>
    public string TimeZone { get; set; } = "UTC";

    public TimeOnly ParsedTime =>
        TimeOnly.TryParseExact(Time.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new FormatException($"Setting Alerts:Digest:Time must be a time of day as HH:mm, got '{Time}'.");

    public TimeZoneInfo ParsedTimeZone =>
        System.TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone.Trim(), out var zone)
            ? zone
            : throw new FormatException($"Setting Alerts:Digest:TimeZone is not a known time zone: '{TimeZone}'.");
}
