namespace JiraQuality.Core.Alerts;

/// <summary>When a rule's alerts go out: at once, or gathered into the daily digest.</summary>
public static class AlertModes
{
    public const string Immediate = "immediate";
    public const string Digest = "digest";
}
