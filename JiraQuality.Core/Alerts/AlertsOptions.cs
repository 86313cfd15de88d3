using System.Globalization;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Alerts;

/// <summary>The rule kinds an alert rule may have.</summary>
public static class AlertRuleKinds
{
    public const string CustomerAbuse = "customer-abuse";
    public const string AgentProfanity = "agent-profanity";
    public const string LowScore = "low-score";
    public const string SlaBreach = "sla-breach";
    public const string UnresolvedEscalated = "unresolved-escalated";
    public const string KpiDrop = "kpi-drop";

    public static readonly IReadOnlyList<string> All = [CustomerAbuse, AgentProfanity, LowScore, SlaBreach, UnresolvedEscalated, KpiDrop];
}

/// <summary>The channel kinds an alert may be sent through.</summary>
public static class AlertChannelKinds
{
    public const string Email = "email";
    public const string Slack = "slack";
    public const string Teams = "teams";
    public const string Webhook = "webhook";

    public static readonly IReadOnlyList<string> All = [Email, Slack, Teams, Webhook];
}

/// <summary>What a <c>low-score</c> rule looks at: each conversation, or each agent's mean over a period.</summary>
public static class AlertScopes
{
    public const string Conversation = "conversation";
    public const string Agent = "agent";
}

/// <summary>When a rule's alerts go out: at once, or gathered into the daily digest.</summary>
public static class AlertModes
{
    public const string Immediate = "immediate";
    public const string Digest = "digest";
}

/// <summary>The KPIs a <c>kpi-drop</c> rule can watch.</summary>
public static class AlertKpis
{
    public const string ConversationScore = "conversation-score";
    public const string AgentScore = "agent-score";
    public const string ResolvedRate = "resolved-rate";
    public const string FirstResponseSlaRate = "first-response-sla-rate";

    public static readonly IReadOnlyList<string> All = [ConversationScore, AgentScore, ResolvedRate, FirstResponseSlaRate];
}

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

public sealed class AlertChannelOptions
{
    public string Name { get; set; } = "";

    /// <summary>email, slack, teams or webhook.</summary>
    public string Kind { get; set; } = "";

    /// <summary>The incoming-webhook address (slack, teams, webhook). A secret: never logged or shown.</summary>
    public string Url { get; set; } = "";

    /// <summary>The HMAC-SHA256 key that signs generic webhook bodies. Never logged or shown.</summary>
    public string Secret { get; set; } = "";

    /// <summary>E-mail recipients, separated by commas or semicolons.</summary>
    public string To { get; set; } = "";

    public IReadOnlyList<string> Recipients =>
        To.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

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

public sealed class AlertSmtpOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;

    /// <summary>none, starttls (default), ssl (TLS from the first byte) or auto.</summary>
    public string Security { get; set; } = "starttls";

    public string User { get; set; } = "";

    /// <summary>Never logged or shown.</summary>
    public string Password { get; set; } = "";

    public string From { get; set; } = "";
}

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

/// <summary>Checks the whole <c>Alerts</c> section and names each bad setting by its full key.</summary>
public sealed class AlertsOptionsValidator : IValidateOptions<AlertsOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertsOptions options)
    {
        var errors = new List<string>();
        var channelNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Channels.Count; i++)
        {
            var channel = options.Channels[i];
            var key = $"Alerts:Channels:{i}";
            if (AlertSettingRules.ChannelName(channel.Name) is { } nameProblem)
            {
                errors.Add($"{key}:Name {nameProblem}");
            }
            else if (!channelNames.Add(channel.Name.Trim()))
            {
                errors.Add($"{key}:Name '{channel.Name}' is used by another channel.");
            }

            var kind = channel.Kind;
            if (AlertSettingRules.ChannelKind(kind) is { } kindProblem)
            {
                errors.Add($"{key}:Kind {AlertSettingRules.Got(kindProblem, channel.Kind)}");
            }
            else if (kind == AlertChannelKinds.Email)
            {
                if (AlertSettingRules.Recipients(channel.Recipients) is { } toProblem)
                {
                    errors.Add($"{key}:To {toProblem}");
                }

                if (string.IsNullOrWhiteSpace(options.Smtp.Host))
                {
                    errors.Add($"{key} sends e-mail, so Alerts:Smtp:Host is required.");
                }
            }
            else if (!AlertSettingRules.IsHttpAddress(channel.Url))
            {
                // The address itself is a secret; say only that it is wrong.
                errors.Add($"{key}:Url must be an absolute http(s) address.");
            }

            if (kind == AlertChannelKinds.Webhook && string.IsNullOrEmpty(channel.Secret))
            {
                errors.Add($"{key}:Secret is required: generic webhook bodies are signed with it.");
            }
        }

        var ruleIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            var key = $"Alerts:Rules:{i}";
            if (AlertSettingRules.RuleKind(rule.Kind) is { } kindProblem)
            {
                errors.Add($"{key}:Kind {AlertSettingRules.Got(kindProblem, rule.Kind)}");
            }

            if (options.FindChannel(rule.Channel) is null)
            {
                errors.Add($"{key}:Channel '{rule.Channel}' is not the name of a channel in Alerts:Channels.");
            }

            if (AlertSettingRules.Mode(rule.Mode) is { } modeProblem)
            {
                errors.Add($"{key}:Mode {AlertSettingRules.Got(modeProblem, rule.Mode)}");
            }

            if (rule.Threshold is { } threshold && (double.IsNaN(threshold) || double.IsInfinity(threshold)))
            {
                errors.Add($"{key}:Threshold must be a number.");
            }

            if (AlertSettingRules.Per(rule.Per) is { } perProblem)
            {
                errors.Add($"{key}:Per {AlertSettingRules.Got(perProblem, rule.Per)}");
            }
            else if (rule.Per == AlertScopes.Agent && rule.Kind != AlertRuleKinds.LowScore)
            {
                errors.Add($"{key}:Per agent applies to low-score rules only.");
            }

            if (rule.IsPerAgent && rule.Window <= TimeSpan.Zero)
            {
                errors.Add($"{key}:Window must be a positive time span (d.hh:mm:ss).");
            }

            if (rule.Kind == AlertRuleKinds.KpiDrop)
            {
                if (AlertSettingRules.Kpi(rule.Kpi) is { } kpiProblem)
                {
                    errors.Add($"{key}:Kpi {AlertSettingRules.Got(kpiProblem, rule.Kpi)}");
                }

                if (rule.Window <= TimeSpan.Zero)
                {
                    errors.Add($"{key}:Window must be a positive time span (d.hh:mm:ss).");
                }
            }

            if (rule.Id.Length > AlertSettingRules.MaxRuleNameLength)
            {
                errors.Add($"{key}:Name must be at most {AlertSettingRules.MaxRuleNameLength} characters.");
            }

            if (!ruleIds.Add(rule.Id))
            {
                errors.Add($"{key} has the same name as another rule ('{rule.Id}'); give one of them a Name.");
            }
        }

        try
        {
            _ = options.Digest.ParsedTime;
            _ = options.Digest.ParsedTimeZone;
        }
        catch (FormatException ex)
        {
            errors.Add(ex.Message);
        }

        if (options.Smtp.Security.Trim().ToLowerInvariant() is not ("none" or "starttls" or "ssl" or "auto"))
        {
            errors.Add($"Alerts:Smtp:Security must be none, starttls, ssl or auto, got '{options.Smtp.Security}'.");
        }

        if (!string.IsNullOrWhiteSpace(options.Smtp.From) && !MimeKit.MailboxAddress.TryParse(options.Smtp.From, out _))
        {
            errors.Add($"Alerts:Smtp:From is not a valid e-mail address: '{options.Smtp.From}'.");
        }

        if (options.Smtp.Port is < 1 or > 65535)
        {
            errors.Add("Alerts:Smtp:Port must be between 1 and 65535.");
        }

        if (!string.IsNullOrWhiteSpace(options.PublicUrl) && !Uri.TryCreate(options.PublicUrl, UriKind.Absolute, out _))
        {
            errors.Add($"Alerts:PublicUrl must be an absolute address, got '{options.PublicUrl}'.");
        }

        if (options.MaxAttempts < 1)
        {
            errors.Add("Alerts:MaxAttempts must be at least 1.");
        }

        foreach (var (value, setting) in new[]
                 {
                     (options.PollInterval, "PollInterval"), (options.EvaluationInterval, "EvaluationInterval"),
                     (options.RetryBaseDelay, "RetryBaseDelay"), (options.RetryMaxDelay, "RetryMaxDelay"),
                     (options.SendTimeout, "SendTimeout"), (options.ClaimLease, "ClaimLease"),
                 })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"Alerts:{setting} must be a positive time span (hh:mm:ss).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
