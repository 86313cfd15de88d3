namespace JiraQuality.Core.Alerts;

/// <summary>
/// The checks one alert channel or rule must pass, wherever it comes from: the <c>Alerts</c> settings (checked at
/// start by <see cref="AlertsOptionsValidator"/>, messages prefixed with the full key) and the channels and rules an
/// admin saves on the Settings page (<see cref="AlertSettingsEditor"/>, messages prefixed with the field's label). Each
/// method returns the rest of the sentence after the setting's name, or null when the value is fine.
/// </summary>
public static class AlertSettingRules
{
    public const int MaxChannelNameLength = 100;
    public const int MaxRuleNameLength = 200;

    public static string? ChannelName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "is required."
        : name.Trim().Length > MaxChannelNameLength ? $"must be at most {MaxChannelNameLength} characters."
        : null;

    public static string? ChannelKind(string? kind) =>
        AlertChannelKinds.All.Contains(kind ?? "") ? null : $"must be one of {string.Join(", ", AlertChannelKinds.All)}";

    /// <summary>An e-mail channel's recipients: at least one, each a valid address.</summary>
    public static string? Recipients(IReadOnlyList<string> recipients) =>
        recipients.Count == 0 ? "needs at least one e-mail address."
        : recipients.FirstOrDefault(a => !IsEmailAddress(a)) is { } bad ? $"has an address that is not a valid e-mail address: '{bad}'."
        : null;

    /// <summary>A mailbox with a local part and a domain (MimeKit alone accepts a bare name).</summary>
    public static bool IsEmailAddress(string address) =>
        MimeKit.MailboxAddress.TryParse(address, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal) && !mailbox.Address.EndsWith('@');

    /// <summary>Slack, Teams and webhook channels post to an absolute http(s) address.</summary>
    public static bool IsHttpAddress(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https";

    public static string? RuleKind(string? kind) =>
        AlertRuleKinds.All.Contains(kind ?? "") ? null : $"must be one of {string.Join(", ", AlertRuleKinds.All)}";

    public static string? Mode(string? mode) =>
        mode is AlertModes.Immediate or AlertModes.Digest ? null : "must be immediate or digest";

    public static string? Per(string? per) =>
        per is AlertScopes.Conversation or AlertScopes.Agent ? null : "must be conversation or agent";

    public static string? Kpi(string? kpi) =>
        AlertKpis.All.Contains(kpi ?? "") ? null : $"must be one of {string.Join(", ", AlertKpis.All)}";

    /// <summary>Kind or mode followed by the value given, as the settings messages say it.</summary>
    internal static string Got(string message, string? value) => $"{message}, got '{value}'.";
}
