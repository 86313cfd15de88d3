using System.Collections.Concurrent;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Core.Alerts;

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
