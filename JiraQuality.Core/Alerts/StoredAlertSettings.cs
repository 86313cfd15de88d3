using System.Collections.Concurrent;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace JiraQuality.Core.Alerts;

/// <summary>
/// An alert channel an admin added on the Settings page. It is kept in the database so every instance sends through
/// it, next to the channels from <c>Alerts:Channels</c> in settings.
/// </summary>
public sealed class StoredAlertChannel
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The name in upper case: unique, so two channels never differ only by case.</summary>
    public string NameKey { get; set; } = "";

    public string Kind { get; set; } = "";

    /// <summary>The incoming-webhook address. A secret: never shown, logged or audited.</summary>
    public string Url { get; set; } = "";

    /// <summary>The webhook signing key. Never shown, logged or audited.</summary>
    public string Secret { get; set; } = "";

    public string To { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    public AlertChannelOptions ToOptions() => new() { Name = Name, Kind = Kind, Url = Url, Secret = Secret, To = To };

    public static string KeyOf(string name) => name.Trim().ToUpperInvariant();
}

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

internal sealed class StoredAlertChannelConfiguration : IEntityTypeConfiguration<StoredAlertChannel>
{
    public void Configure(EntityTypeBuilder<StoredAlertChannel> e)
    {
        e.ToTable("alert_channels");
        e.HasKey(x => x.Id);
        e.Property(x => x.Name).HasMaxLength(100);
        e.Property(x => x.NameKey).HasMaxLength(100);
        e.Property(x => x.Kind).HasMaxLength(20);
        e.Property(x => x.Url).HasMaxLength(2000);
        e.Property(x => x.Secret).HasMaxLength(500);
        e.Property(x => x.To).HasMaxLength(2000);
        e.HasIndex(x => x.NameKey).IsUnique();
    }
}

internal sealed class StoredAlertRuleConfiguration : IEntityTypeConfiguration<StoredAlertRule>
{
    public void Configure(EntityTypeBuilder<StoredAlertRule> e)
    {
        e.ToTable("alert_rules");
        e.HasKey(x => x.Id);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.RuleId).HasMaxLength(200);
        e.Property(x => x.Kind).HasMaxLength(50);
        e.Property(x => x.Channel).HasMaxLength(100);
        e.Property(x => x.Mode).HasMaxLength(20);
        e.Property(x => x.Hub).HasMaxLength(200);
        e.Property(x => x.Tier).HasMaxLength(50);
        e.Property(x => x.ContactReason).HasMaxLength(200);
        e.Property(x => x.Kpi).HasMaxLength(50);
        e.Property(x => x.Per).HasMaxLength(20);
        e.HasIndex(x => x.RuleId).IsUnique();
    }
}

/// <summary>
/// Alert settings as they apply now: the channels and rules from settings (<c>Alerts:</c> in appsettings.json and the
/// environment) followed by those stored from the Settings page. Read from the database on each use, so a change made
/// on one instance applies on every other at its next evaluation or send.
/// </summary>
public sealed class AlertConfiguration(
    Microsoft.Extensions.Options.IOptionsMonitor<AlertsOptions> options,
    IDbContextFactory<JiraQualityDbContext> contexts,
    ILogger<AlertConfiguration> logger)
{
    // Read every few seconds: each ignored entry is logged once per process, not every round.
    private readonly ConcurrentDictionary<string, bool> _warned = new(StringComparer.Ordinal);

    /// <summary>The settings part alone; throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> when it is not valid.</summary>
    public AlertsOptions Settings => options.CurrentValue;

    /// <summary>Settings and stored channels and rules together.</summary>
    public async Task<AlertsOptions> CurrentAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var channels = await db.Set<StoredAlertChannel>().AsNoTracking().OrderBy(c => c.CreatedAtUtc).ToListAsync(cancellationToken);
        var rules = await db.Set<StoredAlertRule>().AsNoTracking().OrderBy(r => r.CreatedAtUtc).ToListAsync(cancellationToken);
        return Merge(settings, channels, rules);
    }

    /// <summary>
    /// Settings win a clash: a stored channel whose name a settings channel now uses, or a stored rule whose id a settings
    /// rule now has, is left out (and logged), since settings may change after the row was saved.
    /// </summary>
    internal AlertsOptions Merge(AlertsOptions settings, IEnumerable<StoredAlertChannel> channels, IEnumerable<StoredAlertRule> rules)
    {
        var merged = settings.WithChannelsAndRules([.. settings.Channels], [.. settings.Rules]);
        foreach (var channel in channels)
        {
            if (merged.FindChannel(channel.Name) is not null)
            {
                if (_warned.TryAdd("channel:" + channel.Name, true))
                {
                    logger.LogWarning("Alert channel {Channel} saved on the Settings page is ignored: a channel from settings has its name", channel.Name);
                }


                continue;
            }

            merged.Channels.Add(channel.ToOptions());
        }

        foreach (var rule in rules.Select(r => r.ToOptions()))
        {
            if (merged.Rules.Any(r => r.Id == rule.Id))
            {
                if (_warned.TryAdd("rule:" + rule.Id, true))
                {
                    logger.LogWarning("Alert rule {Rule} saved on the Settings page is ignored: a rule from settings has its name", rule.Id);
                }


                continue;
            }

            if (merged.FindChannel(rule.Channel) is null)
            {
                if (_warned.TryAdd("rule-channel:" + rule.Id, true))
                {
                    logger.LogWarning("Alert rule {Rule} saved on the Settings page is ignored: its channel {Channel} does not exist", rule.Id, rule.Channel);
                }


                continue;
            }

            merged.Rules.Add(rule);
        }

        return merged;
    }
}
