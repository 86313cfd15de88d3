using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Alerts;

/// <summary>Checks a channel form against the settings and the stored channels and rules.</summary>
internal static class AlertChannelInputCheck
{
    /// <summary>
    /// The problems of a channel about to be saved, keyed by form field (empty when it can be saved): its name against the
    /// channels of the settings and the stored ones, its kind, and the address, secret or recipients that kind needs.
    /// </summary>
    public static async Task<Dictionary<string, string>> CheckAsync(
        JiraQualityDbContext db,
        AlertsOptions settings,
        StoredAlertChannel? existing,
        IReadOnlyCollection<string> others,
        AlertChannelFields fields,
        CancellationToken cancellationToken)
    {
        var (name, kind, url, secret, to) = fields;
        var errors = new Dictionary<string, string>();

        if (AlertSettingRules.ChannelName(name) is { } nameProblem)
        {
            errors[nameof(AlertChannelInput.Name)] = $"Name {nameProblem}";
        }
        else if (settings.FindChannel(name) is not null)
        {
            errors[nameof(AlertChannelInput.Name)] = $"Name '{name}' is already used by a channel from settings.";
        }
        else if (others.Any(o => string.Equals(o.Trim(), name, StringComparison.OrdinalIgnoreCase)))
        {
            errors[nameof(AlertChannelInput.Name)] = $"Name '{name}' is already used by another channel.";
        }
        else if (existing is not null && !string.Equals(existing.Name, name, StringComparison.Ordinal)
                 && await db.Set<StoredAlertRule>().AsNoTracking().Where(r => r.Channel == existing.Name).Select(r => r.RuleId).ToListAsync(cancellationToken) is { Count: > 0 } users)
        {
            errors[nameof(AlertChannelInput.Name)] = $"Name cannot change while rules send to '{existing.Name}' ({string.Join(", ", users)}); change or delete those rules first.";
        }

        if (AlertSettingRules.ChannelKind(kind) is { } kindProblem)
        {
            errors[nameof(AlertChannelInput.Kind)] = $"Kind {kindProblem}.";
        }
        else if (kind == AlertChannelKinds.Email)
        {
            if (AlertSettingRules.Recipients(to.Split(", ", StringSplitOptions.RemoveEmptyEntries)) is { } toProblem)
            {
                errors[nameof(AlertChannelInput.To)] = $"To {toProblem}";
            }
            else if (to.Length > 2000)
            {
                errors[nameof(AlertChannelInput.To)] = "To must be at most 2000 characters.";
            }

            if (string.IsNullOrWhiteSpace(settings.Smtp.Host))
            {
                errors[nameof(AlertChannelInput.Kind)] = "Kind email needs the SMTP server in settings (Alerts:Smtp:Host), which is not set.";
            }
        }
        else
        {
            var keepsUrl = url.Length == 0 && existing is { Url.Length: > 0 };
            if (url.Length == 0 && !keepsUrl)
            {
                errors[nameof(AlertChannelInput.Url)] = $"URL is required for a {kind} channel.";
            }
            else if (url.Length > 0 && (!AlertSettingRules.IsHttpAddress(url) || url.Length > 2000))
            {
                // The address is a secret: say what is wrong, never echo it.
                errors[nameof(AlertChannelInput.Url)] = "URL must be an absolute http:// or https:// address of at most 2000 characters.";
            }

            if (kind == AlertChannelKinds.Webhook)
            {
                var keepsSecret = secret.Length == 0 && existing is { Secret.Length: > 0 };
                if (secret.Length == 0 && !keepsSecret)
                {
                    errors[nameof(AlertChannelInput.Secret)] = "Secret is required for a webhook channel: its bodies are signed with it.";
                }
                else if (secret.Length > 0 && (secret.Length < AlertSettingsEditor.MinimumSecretLength || secret.Length > 500))
                {
                    errors[nameof(AlertChannelInput.Secret)] = $"Secret must be between {AlertSettingsEditor.MinimumSecretLength} and 500 characters.";
                }
            }
        }

        return errors;
    }
}
