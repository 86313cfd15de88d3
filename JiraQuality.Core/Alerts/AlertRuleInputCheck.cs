namespace JiraQuality.Core.Alerts;

/// <summary>Turns a rule form into a rule and checks it against the channels and the other rules.</summary>
internal static class AlertRuleInputCheck
{
    /// <summary>The rule a form describes; the fields its kind does not use get their defaults.</summary>
    public static AlertRuleOptions ToRule(AlertRuleInput input)
    {
        var kind = (input.Kind ?? "").Trim().ToLowerInvariant();
        var mode = (input.Mode ?? "").Trim().ToLowerInvariant();
        var kpi = string.IsNullOrWhiteSpace(input.Kpi) ? AlertKpis.ConversationScore : input.Kpi.Trim().ToLowerInvariant();
        var per = kind == AlertRuleKinds.LowScore && !string.IsNullOrWhiteSpace(input.Per) ? input.Per.Trim().ToLowerInvariant() : AlertScopes.Conversation;
        var usesWindow = kind == AlertRuleKinds.KpiDrop || per == AlertScopes.Agent;
        return new AlertRuleOptions
        {
            Name = (input.Name ?? "").Trim(),
            Kind = kind,
            Channel = (input.Channel ?? "").Trim(),
            Mode = mode,
            Threshold = kind is AlertRuleKinds.LowScore or AlertRuleKinds.KpiDrop ? input.Threshold : null,
            Hub = (input.Hub ?? "").Trim(),
            Tier = (input.Tier ?? "").Trim(),
            ContactReason = (input.ContactReason ?? "").Trim(),
            Kpi = kind == AlertRuleKinds.KpiDrop ? kpi : AlertKpis.ConversationScore,
            Window = TimeSpan.FromDays(usesWindow ? Math.Clamp(input.WindowDays ?? 7, 1, AlertSettingsEditor.MaxWindowDays) : 7),
            Per = per,
        };
    }

    /// <summary>
    /// The problems of a rule about to be saved, keyed by form field (empty when it can be saved). The rule's channel is
    /// set to the channel's own spelling when it names one.
    /// </summary>
    public static Dictionary<string, string> Check(AlertRuleOptions rule, int? windowDays, AlertsOptions merged, StoredAlertRule? existing, IReadOnlyCollection<string> otherIds)
    {
        var (kind, mode, kpi, per) = (rule.Kind, rule.Mode, rule.Kpi, rule.Per);
        var usesWindow = kind == AlertRuleKinds.KpiDrop || per == AlertScopes.Agent;
        var errors = new Dictionary<string, string>();
        if (AlertSettingRules.RuleKind(kind) is { } kindProblem)
        {
            errors[nameof(AlertRuleInput.Kind)] = $"Kind {kindProblem}.";
        }

        if (rule.Channel.Length == 0)
        {
            errors[nameof(AlertRuleInput.Channel)] = "Channel is required.";
        }
        else if (merged.FindChannel(rule.Channel) is not { } channel)
        {
            errors[nameof(AlertRuleInput.Channel)] = $"Channel '{rule.Channel}' is not the name of a channel.";
        }
        else
        {
            // Deliveries and rules name the channel as it is spelt.
            rule.Channel = channel.Name;
        }

        if (AlertSettingRules.Mode(mode) is { } modeProblem)
        {
            errors[nameof(AlertRuleInput.Mode)] = $"Mode {modeProblem}.";
        }

        if (kind == AlertRuleKinds.LowScore && rule.Threshold is { } low && (double.IsNaN(low) || low < 1 || low > 5))
        {
            errors[nameof(AlertRuleInput.Threshold)] = "Threshold must be between 1 and 5 for low-score (scores run from 1 to 5).";
        }

        if (kind == AlertRuleKinds.KpiDrop)
        {
            if (AlertSettingRules.Kpi(kpi) is { } kpiProblem)
            {
                errors[nameof(AlertRuleInput.Kpi)] = $"KPI {kpiProblem}.";
            }

            var isRate = kpi is AlertKpis.ResolvedRate or AlertKpis.FirstResponseSlaRate;
            var max = isRate ? 1.0 : 4.0;
            if (rule.Threshold is { } drop && (double.IsNaN(drop) || drop <= 0 || drop > max))
            {
                errors[nameof(AlertRuleInput.Threshold)] = isRate
                    ? "Threshold must be more than 0 and at most 1 for a rate (0.05 is 5 points)."
                    : "Threshold must be more than 0 and at most 4 for a score.";
            }

        }

        if (AlertSettingRules.Per(per) is { } perProblem)
        {
            errors[nameof(AlertRuleInput.Per)] = $"Per {perProblem}.";
        }

        if (usesWindow && (windowDays is not { } days || days < 1 || days > AlertSettingsEditor.MaxWindowDays))
        {
            errors[nameof(AlertRuleInput.WindowDays)] = $"Period must be between 1 and {AlertSettingsEditor.MaxWindowDays} days.";
        }

        foreach (var (field, value, label) in new[]
                 {
                     (nameof(AlertRuleInput.Name), rule.Name, "Name"), (nameof(AlertRuleInput.Hub), rule.Hub, "Hub"),
                     (nameof(AlertRuleInput.Tier), rule.Tier, "Tier"), (nameof(AlertRuleInput.ContactReason), rule.ContactReason, "Contact reason"),
                 })
        {
            if (value.Length > AlertSettingRules.MaxRuleNameLength)
            {
                errors[field] = $"{label} must be at most {AlertSettingRules.MaxRuleNameLength} characters.";
            }
        }

        if (!errors.ContainsKey(nameof(AlertRuleInput.Name)) && errors.Count == 0)
        {
            if (merged.Rules.Any(r => r.Id == rule.Id && (existing is null || r.Id != existing.RuleId)) || otherIds.Contains(rule.Id))
            {
                errors[nameof(AlertRuleInput.Name)] = rule.Name.Length == 0
                    ? $"Name is needed: a rule '{rule.Id}' already exists, so give this one its own name."
                    : $"Name '{rule.Name}' is already used by another rule.";
            }
        }

        return errors;
    }
}
