namespace JiraQuality.Core.Alerts;

/// <summary>An alert rule an admin added on the Settings page, evaluated next to the rules from <c>Alerts:Rules</c>.</summary>
public sealed class StoredAlertRule
{
    public Guid Id { get; set; }

    /// <summary>Optional; the rule is known by <c>kind:channel</c> without it (<see cref="AlertRuleOptions.Id"/>).</summary>
    public string Name { get; set; } = "";

    /// <summary>The rule's id as deliveries record it; unique.</summary>
    public string RuleId { get; set; } = "";

    public string Kind { get; set; } = "";
    public string Channel { get; set; } = "";
    public double? Threshold { get; set; }
    public string Mode { get; set; } = AlertModes.Immediate;
    public string Hub { get; set; } = "";
    public string Tier { get; set; } = "";
    public string ContactReason { get; set; } = "";
    public string Kpi { get; set; } = AlertKpis.ConversationScore;

    /// <summary>kpi-drop: the length of the compared period in days; low-score per agent: the period averaged.</summary>
    public int WindowDays { get; set; } = 7;

    /// <summary>low-score: conversation or agent (<see cref="AlertScopes"/>).</summary>
    public string Per { get; set; } = AlertScopes.Conversation;

    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    public AlertRuleOptions ToOptions() => new()
    {
        Name = Name,
        Kind = Kind,
        Channel = Channel,
        Threshold = Threshold,
        Mode = Mode,
        Hub = Hub,
        Tier = Tier,
        ContactReason = ContactReason,
        Kpi = Kpi,
        Window = TimeSpan.FromDays(WindowDays),
        Per = Per,
    };
}
