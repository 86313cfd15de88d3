namespace JiraQuality.Core.Alerts;

public sealed class AlertRuleOptions
{
    /// <summary>
    /// What identifies the rule in the delivery table; defaults to <c>kind:channel</c>. Renaming a rule makes it a new
    /// rule, which alerts again on conversations the old one alerted on.
    /// </summary>
    public string Name { get; set; } = "";

    public string Kind { get; set; } = "";

    /// <summary>The name of the channel its alerts go to.</summary>
    public string Channel { get; set; } = "";

    /// <summary>
    /// low-score: alert when the conversation or agent score is at or below it (default 2). kpi-drop: alert when the
    /// KPI falls by more than it against the previous period (default 0.3).
    /// </summary>
    public double? Threshold { get; set; }

    public string Mode { get; set; } = AlertModes.Immediate;

    /// <summary>Only conversations of this hub (case-insensitive); empty means all.</summary>
    public string Hub { get; set; } = "";

    /// <summary>Only conversations whose primary agent is of this tier (e.g. Tier 1); empty means all.</summary>
    public string Tier { get; set; } = "";

    /// <summary>Only conversations with this contact reason; empty means all.</summary>
    public string ContactReason { get; set; } = "";

    /// <summary>kpi-drop: the KPI watched (conversation-score, agent-score, resolved-rate, first-response-sla-rate).</summary>
    public string Kpi { get; set; } = AlertKpis.ConversationScore;

    /// <summary>kpi-drop: the length of the period compared with the one before it. low-score per agent: the period averaged.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// low-score: <c>conversation</c> (each stored conversation whose conversation or agent score is at or below the
    /// threshold) or <c>agent</c> (at each digest time, each agent whose mean agent score over <see cref="Window"/> is).
    /// </summary>
    public string Per { get; set; } = AlertScopes.Conversation;

    public bool IsPerAgent => Kind == AlertRuleKinds.LowScore && string.Equals(Per, AlertScopes.Agent, StringComparison.OrdinalIgnoreCase);

    /// <summary>Evaluated on each stored conversation; the others (kpi-drop, low-score per agent) once per digest period.</summary>
    public bool IsPerConversation => Kind != AlertRuleKinds.KpiDrop && !IsPerAgent;

    public string Id => string.IsNullOrWhiteSpace(Name) ? $"{Kind.Trim()}:{Channel.Trim()}" : Name.Trim();

    public bool IsDigest => string.Equals(Mode, AlertModes.Digest, StringComparison.OrdinalIgnoreCase);

    public double EffectiveThreshold => Threshold ?? (Kind == AlertRuleKinds.KpiDrop ? 0.3 : 2.0);
}
