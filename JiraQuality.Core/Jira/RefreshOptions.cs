using JiraQuality.Core.Settings;

namespace JiraQuality.Core.Jira;

/// <summary>Bound from the <c>Refresh</c> section.</summary>
public sealed class RefreshOptions
{
    public const string SectionName = "Refresh";

    /// <summary>Shared secret for the refresh endpoints (<c>REFRESH_CRON_SECRET</c>); never logged.</summary>
    [SharedSecret("Refresh:CronSecret")]
    public string CronSecret { get; set; } = "";
}
