using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Alerts;

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
