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
        var fields = AlertChannelFields.From(input);
        var errors = await AlertChannelInputCheck.CheckAsync(db, settings, existing, others, fields, cancellationToken);
        if (errors.Count > 0)
        {
            return new AlertEditResult(errors);
        }

        var (name, kind, url, secret, to) = fields;
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
        var rule = AlertRuleInputCheck.ToRule(input);
        var errors = AlertRuleInputCheck.Check(rule, input.WindowDays, merged, existing, otherIds);
        if (errors.Count > 0)
        {
            return new AlertEditResult(errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var stored = existing ?? new StoredAlertRule { Id = Guid.NewGuid(), CreatedAtUtc = now };
        var before = existing is null ? null : AlertRuleDescription.Of(existing.ToOptions());
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

        var description = AlertRuleDescription.Of(rule);
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
        return AlertEditResult.Done($"Deleted rule '{rule.RuleId}'.", $"Deleted alert rule '{rule.RuleId}': {AlertRuleDescription.Of(rule.ToOptions())}.");
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
