namespace JiraQuality.Core.Alerts;

/// <summary>Bound from the <c>Alerts</c> section.</summary>
public sealed class AlertsOptions
{
    public const string SectionName = "Alerts";

    public List<AlertChannelOptions> Channels { get; set; } = [];
    public List<AlertRuleOptions> Rules { get; set; } = [];
    public AlertSmtpOptions Smtp { get; set; } = new();
    public AlertDigestOptions Digest { get; set; } = new();

    /// <summary>The dashboard's public address; alerts link to the ticket's page there. Empty: links go to Jira only.</summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>How often the outbox is looked at when nothing wakes it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often stored conversations are evaluated without a job having ended here (a <c>process</c> verb run or
    /// another instance wrote them).
    /// </summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// On the very first evaluation (no watermark yet), conversations processed this long before are evaluated;
    /// older ones never alert, so turning alerts on for a full database does not send its history.
    /// </summary>
    public TimeSpan FirstRunLookback { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Attempts per delivery before it is given up as failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed attempt; it doubles after each further one up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The most one send may take (HTTP request or SMTP session).</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long an instance holds a delivery it is sending; an instance that dies mid-send leaves it to others
    /// after this.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    public bool HasRules => Rules.Count > 0;

    /// <summary>Settings are matched case-insensitively: kinds, modes and KPIs are kept in lower case.</summary>
    public void Normalize()
    {
        foreach (var channel in Channels)
        {
            channel.Name = channel.Name.Trim();
            channel.Kind = channel.Kind.Trim().ToLowerInvariant();
        }

        foreach (var rule in Rules)
        {
            rule.Kind = rule.Kind.Trim().ToLowerInvariant();
            rule.Channel = rule.Channel.Trim();
            rule.Mode = string.IsNullOrWhiteSpace(rule.Mode) ? AlertModes.Immediate : rule.Mode.Trim().ToLowerInvariant();
            rule.Kpi = string.IsNullOrWhiteSpace(rule.Kpi) ? AlertKpis.ConversationScore : rule.Kpi.Trim().ToLowerInvariant();
            rule.Per = string.IsNullOrWhiteSpace(rule.Per) ? AlertScopes.Conversation : rule.Per.Trim().ToLowerInvariant();
        }
    }

    /// <summary>A copy of these settings with other channels and rules (the other settings are shared, not copied).</summary>
    public AlertsOptions WithChannelsAndRules(List<AlertChannelOptions> channels, List<AlertRuleOptions> rules)
    {
        var copy = (AlertsOptions)MemberwiseClone();
        copy.Channels = channels;
        copy.Rules = rules;
        return copy;
    }

    public AlertChannelOptions? FindChannel(string? name) =>
        Channels.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
