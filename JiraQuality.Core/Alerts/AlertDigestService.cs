using System.Globalization;
using Cronos;
using JiraQuality.Core.Jira;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Alerts;

/// <summary>
/// Once per digest period (daily at <see cref="AlertDigestOptions.Time"/> in <see cref="AlertDigestOptions.TimeZone"/>):
/// evaluates the <c>kpi-drop</c> rules (one alert per rule and period) and gathers each channel's waiting digest-mode
/// alerts into one digest delivery (one per channel and period).
/// </summary>
public sealed class AlertDigestService(
    IDbContextFactory<JiraQualityDbContext> contexts,
    AlertEvaluationService evaluation,
    AlertConfiguration configuration,
    IOptionsMonitor<AlertsOptions> options,
    IOptions<JiraOptions> jira,
    AlertOutboxSignal signal,
    TimeProvider time,
    ILogger<AlertDigestService> logger)
{
    public const string CheckpointName = "digest";
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>The schedule's cron expression (Cronos): minute and hour of the digest time, every day.</summary>
    public static CronExpression Schedule(AlertDigestOptions digest)
    {
        var at = digest.ParsedTime;
        return CronExpression.Parse(string.Create(CultureInfo.InvariantCulture, $"{at.Minute} {at.Hour} * * *"));
    }

    /// <summary>The next digest time after <paramref name="afterUtc"/>.</summary>
    public DateTime? NextOccurrence(DateTime afterUtc)
    {
        var digest = options.CurrentValue.Digest;
        return Schedule(digest).GetNextOccurrence(AlertEvaluationService.AsUtc(afterUtc), digest.ParsedTimeZone);
    }

    /// <summary>
    /// Runs the latest digest period that is due and not yet done; returns the next digest time. The first call only
    /// records where the schedule starts, so a new installation does not send a digest for the past.
    /// </summary>
    public async Task<DateTime?> RunDueAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow().UtcDateTime;
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var checkpoint = await db.Set<AlertCheckpoint>().FindAsync([CheckpointName], cancellationToken);
            if (checkpoint?.PositionUtc is not { } done)
            {
                db.Add(new AlertCheckpoint { Name = CheckpointName, PositionUtc = now, UpdatedAtUtc = now });
                await SaveIgnoringRaceAsync(db, cancellationToken);
                return NextOccurrence(now);
            }

            DateTime? due = null;
            for (var next = NextOccurrence(done); next is { } occurrence && occurrence <= now; next = NextOccurrence(occurrence))
            {
                // Periods missed while the app was down collapse into the latest one.
                due = occurrence;
            }

            if (due is { } period)
            {
                await RunPeriodAsync(period, cancellationToken);
                checkpoint.PositionUtc = period;
                checkpoint.UpdatedAtUtc = now;
                await db.SaveChangesAsync(cancellationToken);
            }

            return NextOccurrence(due ?? AlertEvaluationService.AsUtc(done));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Evaluates the kpi-drop rules for the period ending at <paramref name="periodUtc"/> and sends the digests.</summary>
    public async Task RunPeriodAsync(DateTime periodUtc, CancellationToken cancellationToken)
    {
        var settings = await configuration.CurrentAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var periodKey = PeriodKey(periodUtc);
        var kpiAlerts = new List<AlertDelivery>();
        foreach (var rule in settings.Rules.Where(r => r.Kind == AlertRuleKinds.KpiDrop))
        {
            if (await EvaluateKpiDropAsync(rule, periodUtc, settings, now, cancellationToken) is { } message)
            {
                kpiAlerts.Add(new AlertDelivery
                {
                    Id = Guid.NewGuid(),
                    RuleId = rule.Id,
                    RuleKind = rule.Kind,
                    Subject = periodKey,
                    Channel = rule.Channel,
                    State = rule.IsDigest ? AlertDeliveryStates.Waiting : AlertDeliveryStates.Pending,
                    CreatedAtUtc = now,
                    NextAttemptAtUtc = now,
                    PayloadJson = message.ToJson(),
                });
            }
        }

        foreach (var rule in settings.Rules.Where(r => r.IsPerAgent))
        {
            kpiAlerts.AddRange(await EvaluateLowAgentsAsync(rule, periodUtc, settings, now, cancellationToken));
        }

        if (kpiAlerts.Count > 0)
        {
            await evaluation.AddIgnoringDuplicatesAsync(kpiAlerts, cancellationToken);
        }

        await GatherDigestsAsync(periodUtc, now, cancellationToken);
        signal.Wake();
    }

    /// <summary>The KPI of the window ending at the period against the window before; an alert when it fell by more than the threshold.</summary>
    internal async Task<AlertMessage?> EvaluateKpiDropAsync(AlertRuleOptions rule, DateTime periodUtc, AlertsOptions settings, DateTime now, CancellationToken cancellationToken)
    {
        var end = AlertEvaluationService.AsUtc(periodUtc);
        var current = await KpiAsync(rule, end - rule.Window, end, cancellationToken);
        var previous = await KpiAsync(rule, end - rule.Window - rule.Window, end - rule.Window, cancellationToken);
        if (current is not { } now_ || previous is not { } before || before - now_ <= rule.EffectiveThreshold)
        {
            return null;
        }

        var links = AlertLinks.For(null, jira.Value, settings);
        var days = rule.Window.TotalDays.ToString("0.##", CultureInfo.InvariantCulture);
        return new AlertMessage
        {
            Rule = rule.Kind,
            RuleId = rule.Id,
            Hub = string.IsNullOrWhiteSpace(rule.Hub) ? null : rule.Hub,
            ConversationScore = rule.Kpi == AlertKpis.ConversationScore ? Math.Round(now_, 2) : null,
            Url = links.Url,
            AtUtc = now,
            Reason = $"{rule.Kpi} fell from {AlertRuleMatcher.Number(before)} to {AlertRuleMatcher.Number(now_)} over the last {days} days (more than {AlertRuleMatcher.Number(rule.EffectiveThreshold)}).",
        };
    }

    /// <summary>
    /// low-score per agent: each primary agent whose mean agent score over the window ending at the period is at or
    /// below the threshold; one alert per rule, agent and period.
    /// </summary>
    internal async Task<IReadOnlyList<AlertDelivery>> EvaluateLowAgentsAsync(
        AlertRuleOptions rule, DateTime periodUtc, AlertsOptions settings, DateTime now, CancellationToken cancellationToken)
    {
        var end = AlertEvaluationService.AsUtc(periodUtc);
        var threshold = rule.EffectiveThreshold;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var agents = await Filtered(db, rule, end - rule.Window, end)
            .Where(r => r.PrimaryAgent != null && r.AgentScore != null)
            .GroupBy(r => r.PrimaryAgent!)
            .Select(g => new { Agent = g.Key, Mean = g.Average(r => r.AgentScore!.Value), Count = g.Count() })
            .ToListAsync(cancellationToken);
        var links = AlertLinks.For(null, jira.Value, settings);
        var days = rule.Window.TotalDays.ToString("0.##", CultureInfo.InvariantCulture);
        return [.. agents
            .Where(a => a.Mean <= threshold)
            .OrderBy(a => a.Agent, StringComparer.Ordinal)
            .Select(a => new AlertDelivery
            {
                Id = Guid.NewGuid(),
                RuleId = rule.Id,
                RuleKind = rule.Kind,
                Subject = Truncate($"agent:{a.Agent}@{PeriodKey(periodUtc)}", 200),
                Channel = rule.Channel,
                State = rule.IsDigest ? AlertDeliveryStates.Waiting : AlertDeliveryStates.Pending,
                CreatedAtUtc = now,
                NextAttemptAtUtc = now,
                PayloadJson = new AlertMessage
                {
                    Rule = rule.Kind,
                    RuleId = rule.Id,
                    Hub = string.IsNullOrWhiteSpace(rule.Hub) ? null : rule.Hub,
                    Agent = a.Agent,
                    AgentScore = Math.Round(a.Mean, 2),
                    Url = links.Url,
                    AtUtc = now,
                    Reason = $"The agent's mean agent score over the last {days} days is {AlertRuleMatcher.Number(a.Mean)} ({a.Count} conversation{(a.Count == 1 ? "" : "s")}), at or below {AlertRuleMatcher.Number(threshold)}.",
                }.ToJson(),
            })];
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

    /// <summary>The processed conversations of the window that pass the rule's hub, contact reason and tier filters.</summary>
    private static IQueryable<Scoring.Processing.ProcessedConversation> Filtered(JiraQualityDbContext db, AlertRuleOptions rule, DateTime fromUtc, DateTime toUtc)
    {
        var rows = db.ProcessedConversations.AsNoTracking().Where(r => r.ReferenceUtc >= fromUtc && r.ReferenceUtc < toUtc);
        if (!string.IsNullOrWhiteSpace(rule.Hub))
        {
            var hub = rule.Hub.Trim().ToLower();
            rows = rows.Where(r => r.Hub != null && r.Hub.ToLower() == hub);
        }

        if (!string.IsNullOrWhiteSpace(rule.ContactReason))
        {
            var reason = rule.ContactReason.Trim().ToLower();
            rows = rows.Where(r => r.ContactReason != null && r.ContactReason.ToLower() == reason);
        }

        if (!string.IsNullOrWhiteSpace(rule.Tier))
        {
            var tier = new string([.. rule.Tier.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant)]);
            rows = rows.Where(r => r.PrimaryAgentTier != null && r.PrimaryAgentTier.ToUpper().Replace("_", "").Replace(" ", "").Replace("-", "") == tier);
        }

        return rows;
    }

    internal async Task<double?> KpiAsync(AlertRuleOptions rule, DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = Filtered(db, rule, fromUtc, toUtc);

        return rule.Kpi switch
        {
            AlertKpis.AgentScore => await rows.AverageAsync(r => r.AgentScore, cancellationToken),
            AlertKpis.ResolvedRate => await rows.Where(r => r.Resolved != null).Select(r => (double?)(r.Resolved == true ? 1.0 : 0.0)).AverageAsync(cancellationToken),
            AlertKpis.FirstResponseSlaRate => await rows.Where(r => r.InitialResponseSla15m != null).Select(r => (double?)(r.InitialResponseSla15m == true ? 1.0 : 0.0)).AverageAsync(cancellationToken),
            _ => await rows.AverageAsync(r => r.ConversationScore, cancellationToken),
        };
    }

    /// <summary>One digest delivery per channel with waiting alerts; the alerts it carries move to in-digest in the same transaction.</summary>
    private async Task GatherDigestsAsync(DateTime periodUtc, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var channels = await db.Set<AlertDelivery>().AsNoTracking()
            .Where(d => d.State == AlertDeliveryStates.Waiting)
            .Select(d => d.Channel)
            .Distinct()
            .ToListAsync(cancellationToken);
        foreach (var channel in channels)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var waiting = await db.Set<AlertDelivery>()
                .Where(d => d.State == AlertDeliveryStates.Waiting && d.Channel == channel)
                .OrderBy(d => d.CreatedAtUtc)
                .ToListAsync(cancellationToken);
            var digest = new AlertDelivery
            {
                Id = Guid.NewGuid(),
                RuleId = AlertDeliveryRules.Digest,
                RuleKind = AlertDeliveryRules.Digest,
                Subject = $"{channel}@{PeriodKey(periodUtc)}",
                Channel = channel,
                State = AlertDeliveryStates.Pending,
                CreatedAtUtc = now,
                NextAttemptAtUtc = now,
                PayloadJson = new AlertDigestMessage
                {
                    Channel = channel,
                    PeriodUtc = AlertEvaluationService.AsUtc(periodUtc),
                    Alerts = [.. waiting.Select(w => AlertMessage.FromJson(w.PayloadJson))],
                }.ToJson(),
            };
            db.Add(digest);
            foreach (var alert in waiting)
            {
                alert.State = AlertDeliveryStates.InDigest;
                alert.DigestId = digest.Id;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Digest {DigestId} for channel {Channel} gathers {Count} alerts", digest.Id, channel, waiting.Count);
            }
            catch (DbUpdateException)
            {
                // Another instance made this period's digest for the channel first.
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
            }
        }
    }

    public static string PeriodKey(DateTime periodUtc) =>
        AlertEvaluationService.AsUtc(periodUtc).ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

    private static async Task SaveIgnoringRaceAsync(JiraQualityDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance started the schedule at the same moment.
        }
    }
}
