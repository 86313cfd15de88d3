using System.Globalization;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Alerts;

/// <summary>
/// Adds, changes and deletes the alert channels and rules stored from the Settings page, checking each field against
/// the settings and stored ones together. Secrets are write-only: a blank address or secret keeps the stored one, and
/// neither is ever returned, logged or written to the audit detail.
/// </summary>
public sealed class AlertSettingsEditor(IDbContextFactory<JiraQualityDbContext> contexts, AlertConfiguration configuration, TimeProvider time)
{
    public const int MinimumSecretLength = 16;
    public const int MaxWindowDays = 90;

    public async Task<AlertSettingsOverview> LoadAsync(CancellationToken cancellationToken = default)
    {
        AlertsOptions? settings = null;
        IReadOnlyList<string>? invalid = null;
        try
        {
            settings = configuration.Settings;
        }
        catch (OptionsValidationException ex)
        {
            invalid = [.. ex.Failures];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var storedChannels = await db.Set<StoredAlertChannel>().AsNoTracking().OrderBy(c => c.CreatedAtUtc).ToListAsync(cancellationToken);
        var storedRules = await db.Set<StoredAlertRule>().AsNoTracking().OrderBy(r => r.CreatedAtUtc).ToListAsync(cancellationToken);
        var channels = new List<AlertChannelView>();
        var rules = new List<AlertRuleView>();
        if (settings is not null)
        {
            channels.AddRange(settings.Channels.Select(c => View(c, null, true)));
            rules.AddRange(settings.Rules.Select(r => new AlertRuleView(null, r, true)));
        }

        channels.AddRange(storedChannels.Select(c => View(c.ToOptions(), c.Id, false)));
        rules.AddRange(storedRules.Select(r => new AlertRuleView(r.Id, r.ToOptions(), false)));
        return new AlertSettingsOverview(settings, invalid, channels, rules);
    }

    /// <summary>The stored channel's fields for its edit form, without address and secret.</summary>
    public async Task<AlertChannelInput?> ChannelForEditAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var channel = await db.Set<StoredAlertChannel>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        return channel is null ? null : new AlertChannelInput { Name = channel.Name, Kind = channel.Kind, To = channel.To };
    }

    public async Task<AlertRuleInput?> RuleForEditAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rule = await db.Set<StoredAlertRule>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        return rule is null
            ? null
            : new AlertRuleInput
            {
                Name = rule.Name,
                Kind = rule.Kind,
                Channel = rule.Channel,
                Threshold = rule.Threshold,
                Mode = rule.Mode,
                Hub = rule.Hub,
                Tier = rule.Tier,
                ContactReason = rule.ContactReason,
                Kpi = rule.Kpi,
                WindowDays = rule.WindowDays,
                Per = rule.Per,
            };
    }

    /// <summary>Adds a channel (<paramref name="id"/> null) or changes the stored one.</summary>
    public async Task<AlertEditResult> SaveChannelAsync(Guid? id, AlertChannelInput input, CancellationToken cancellationToken = default)
    {
        var settings = configuration.Settings;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        StoredAlertChannel? existing = null;
        if (id is { } channelId)
        {
            existing = await db.Set<StoredAlertChannel>().SingleOrDefaultAsync(c => c.Id == channelId, cancellationToken);
            if (existing is null)
            {
                return AlertEditResult.Failed(nameof(AlertChannelInput.Name), "This channel was deleted meanwhile; nothing was saved.");
            }
        }

        var others = await db.Set<StoredAlertChannel>().AsNoTracking().Where(c => c.Id != id).Select(c => c.Name).ToListAsync(cancellationToken);
        var name = (input.Name ?? "").Trim();
        var kind = (input.Kind ?? "").Trim().ToLowerInvariant();
        var url = (input.Url ?? "").Trim();
        var secret = input.Secret ?? "";
        var to = string.Join(", ", (input.To ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
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
                else if (secret.Length > 0 && (secret.Length < MinimumSecretLength || secret.Length > 500))
                {
                    errors[nameof(AlertChannelInput.Secret)] = $"Secret must be between {MinimumSecretLength} and 500 characters.";
                }
            }
        }

        if (errors.Count > 0)
        {
            return new AlertEditResult(errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var changed = new List<string>();
        var channel = existing ?? new StoredAlertChannel { Id = Guid.NewGuid(), CreatedAtUtc = now };
        Track(changed, "name", channel.Name, name);
        Track(changed, "kind", channel.Kind, kind);
        channel.Name = name;
        channel.NameKey = StoredAlertChannel.KeyOf(name);
        channel.Kind = kind;
        channel.UpdatedAtUtc = now;
        if (kind == AlertChannelKinds.Email)
        {
            Track(changed, "to", channel.To, to);
            Track(changed, "url", channel.Url, "");
            Track(changed, "secret", channel.Secret, "");
            (channel.To, channel.Url, channel.Secret) = (to, "", "");
        }
        else
        {
            Track(changed, "to", channel.To, "");
            channel.To = "";
            if (url.Length > 0)
            {
                Track(changed, "url", channel.Url, url);
                channel.Url = url;
            }

            var newSecret = kind == AlertChannelKinds.Webhook ? (secret.Length > 0 ? secret : channel.Secret) : "";
            Track(changed, "secret", channel.Secret, newSecret);
            channel.Secret = newSecret;
        }

        if (existing is null)
        {
            db.Add(channel);
        }

        if (!await TrySaveAsync(db, cancellationToken))
        {
            return AlertEditResult.Failed(nameof(AlertChannelInput.Name), $"Name '{name}' was just taken by a channel saved elsewhere; nothing was saved.");
        }

        var target = AlertChannelTarget.Describe(channel.ToOptions());
        return existing is null
            ? AlertEditResult.Done(
                $"Added channel '{name}'.",
                $"Added alert channel '{name}' ({kind} to {target}{(channel.Secret.Length > 0 ? ", secret set" : "")}).")
            : AlertEditResult.Done(
                $"Saved channel '{name}'.",
                changed.Count == 0 ? $"Saved alert channel '{name}' unchanged." : $"Changed alert channel '{name}': {string.Join(", ", changed)}.");
    }

    public async Task<AlertEditResult> DeleteChannelAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var channel = await db.Set<StoredAlertChannel>().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (channel is null)
        {
            return AlertEditResult.Failed("Channel", "This channel was already deleted.");
        }

        var users = await db.Set<StoredAlertRule>().AsNoTracking().Where(r => r.Channel == channel.Name).Select(r => r.RuleId).ToListAsync(cancellationToken);
        if (users.Count > 0)
        {
            return AlertEditResult.Failed("Channel", $"Channel '{channel.Name}' is used by rules {string.Join(", ", users)}; change or delete them first.");
        }

        db.Remove(channel);
        await db.SaveChangesAsync(cancellationToken);
        return AlertEditResult.Done($"Deleted channel '{channel.Name}'.", $"Deleted alert channel '{channel.Name}' ({channel.Kind}).");
    }

    /// <summary>Adds a rule (<paramref name="id"/> null) or changes the stored one.</summary>
    public async Task<AlertEditResult> SaveRuleAsync(Guid? id, AlertRuleInput input, CancellationToken cancellationToken = default)
    {
        var merged = await configuration.CurrentAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        StoredAlertRule? existing = null;
        if (id is { } ruleId)
        {
            existing = await db.Set<StoredAlertRule>().SingleOrDefaultAsync(r => r.Id == ruleId, cancellationToken);
            if (existing is null)
            {
                return AlertEditResult.Failed(nameof(AlertRuleInput.Kind), "This rule was deleted meanwhile; nothing was saved.");
            }
        }

        var otherIds = await db.Set<StoredAlertRule>().AsNoTracking().Where(r => r.Id != id).Select(r => r.RuleId).ToListAsync(cancellationToken);
        var kind = (input.Kind ?? "").Trim().ToLowerInvariant();
        var mode = (input.Mode ?? "").Trim().ToLowerInvariant();
        var kpi = string.IsNullOrWhiteSpace(input.Kpi) ? AlertKpis.ConversationScore : input.Kpi.Trim().ToLowerInvariant();
        var per = kind == AlertRuleKinds.LowScore && !string.IsNullOrWhiteSpace(input.Per) ? input.Per.Trim().ToLowerInvariant() : AlertScopes.Conversation;
        var usesWindow = kind == AlertRuleKinds.KpiDrop || per == AlertScopes.Agent;
        var rule = new AlertRuleOptions
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
            Window = TimeSpan.FromDays(usesWindow ? Math.Clamp(input.WindowDays ?? 7, 1, MaxWindowDays) : 7),
            Per = per,
        };
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

        if (usesWindow && (input.WindowDays is not { } days || days < 1 || days > MaxWindowDays))
        {
            errors[nameof(AlertRuleInput.WindowDays)] = $"Period must be between 1 and {MaxWindowDays} days.";
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

        if (errors.Count > 0)
        {
            return new AlertEditResult(errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var stored = existing ?? new StoredAlertRule { Id = Guid.NewGuid(), CreatedAtUtc = now };
        var before = existing is null ? null : Describe(existing.ToOptions());
        stored.Name = rule.Name;
        stored.RuleId = rule.Id;
        stored.Kind = rule.Kind;
        stored.Channel = rule.Channel;
        stored.Threshold = rule.Threshold;
        stored.Mode = rule.Mode;
        stored.Hub = rule.Hub;
        stored.Tier = rule.Tier;
        stored.ContactReason = rule.ContactReason;
        stored.Kpi = rule.Kpi;
        stored.WindowDays = (int)rule.Window.TotalDays;
        stored.Per = rule.Per;
        stored.UpdatedAtUtc = now;
        if (existing is null)
        {
            db.Add(stored);
        }

        if (!await TrySaveAsync(db, cancellationToken))
        {
            return AlertEditResult.Failed(nameof(AlertRuleInput.Name), $"A rule '{rule.Id}' was just saved elsewhere; give this one its own name.");
        }

        var description = Describe(rule);
        return existing is null
            ? AlertEditResult.Done($"Added rule '{rule.Id}'.", $"Added alert rule '{rule.Id}': {description}.")
            : AlertEditResult.Done($"Saved rule '{rule.Id}'.", $"Changed alert rule '{rule.Id}': {before} → {description}.");
    }

    public async Task<AlertEditResult> DeleteRuleAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rule = await db.Set<StoredAlertRule>().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return AlertEditResult.Failed("Rule", "This rule was already deleted.");
        }

        db.Remove(rule);
        await db.SaveChangesAsync(cancellationToken);
        return AlertEditResult.Done($"Deleted rule '{rule.RuleId}'.", $"Deleted alert rule '{rule.RuleId}': {Describe(rule.ToOptions())}.");
    }

    /// <summary>A rule in words for the audit log.</summary>
    public static string Describe(AlertRuleOptions rule)
    {
        var parts = new List<string> { $"{rule.Kind} to {rule.Channel}", rule.Mode };
        if (rule.Kind is AlertRuleKinds.LowScore or AlertRuleKinds.KpiDrop)
        {
            parts.Add("threshold " + rule.EffectiveThreshold.ToString("0.##", CultureInfo.InvariantCulture));
        }

        if (rule.Kind == AlertRuleKinds.KpiDrop)
        {
            parts.Add($"{rule.Kpi} over {rule.Window.TotalDays.ToString("0.##", CultureInfo.InvariantCulture)} days");
        }

        if (rule.IsPerAgent)
        {
            parts.Add($"per agent over {rule.Window.TotalDays.ToString("0.##", CultureInfo.InvariantCulture)} days");
        }

        foreach (var (label, value) in new[] { ("hub", rule.Hub), ("tier", rule.Tier), ("contact reason", rule.ContactReason) })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add($"{label} {value}");
            }
        }

        return string.Join(", ", parts);
    }

    private static AlertChannelView View(AlertChannelOptions channel, Guid? id, bool fromSettings) =>
        new(id, channel.Name, channel.Kind, AlertChannelTarget.Describe(channel), channel.To, channel.Url.Length > 0, channel.Secret.Length > 0, fromSettings);

    private static void Track(List<string> changed, string field, string before, string after)
    {
        if (!string.Equals(before, after, StringComparison.Ordinal))
        {
            changed.Add(field);
        }
    }

    private static async Task<bool> TrySaveAsync(JiraQualityDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // The unique name (or rule id) was taken by a save on another instance between our check and our write.
            return false;
        }
    }
}
