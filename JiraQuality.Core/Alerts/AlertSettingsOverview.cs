namespace JiraQuality.Core.Alerts;

/// <summary>
/// The channels and rules for the Settings page: from settings (read-only) and stored (editable). <see cref="Invalid"/>
/// lists the failures when the settings part is not valid.
/// </summary>
public sealed record AlertSettingsOverview(
    AlertsOptions? Settings,
    IReadOnlyList<string>? Invalid,
    IReadOnlyList<AlertChannelView> Channels,
    IReadOnlyList<AlertRuleView> Rules);
