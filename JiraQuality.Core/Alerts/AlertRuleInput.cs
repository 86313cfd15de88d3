namespace JiraQuality.Core.Alerts;

/// <summary>A rule as typed on the Settings page.</summary>
public sealed class AlertRuleInput
{
    public string? Name { get; set; }
    public string? Kind { get; set; } = AlertRuleKinds.CustomerAbuse;
    public string? Channel { get; set; }
    public double? Threshold { get; set; }
    public string? Mode { get; set; } = AlertModes.Immediate;
    public string? Hub { get; set; }
    public string? Tier { get; set; }
    public string? ContactReason { get; set; }
    public string? Kpi { get; set; } = AlertKpis.ConversationScore;
    public int? WindowDays { get; set; } = 7;

    /// <summary>low-score: conversation or agent.</summary>
    public string? Per { get; set; } = AlertScopes.Conversation;
}
