using JiraQuality.Core.Conversations;
using JiraQuality.Core.Jira;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Alerts;

/// <summary>
/// Evaluates the per-conversation rules on the conversations stored since the last evaluation (a watermark on their
/// processed time) and puts one delivery per rule and conversation into the outbox. Re-processing a conversation
/// changes its processed time, so it is looked at again, but the delivery table's unique key keeps it from
/// alerting twice.
/// </summary>
public sealed class AlertEvaluationService
{
    public const string CheckpointName = "evaluation";

    /// <summary>
    /// Rows are stamped when a batch is written and committed a moment later; reading this far behind the watermark
    /// catches a batch committed after a pass that had already moved past its stamp.
    /// </summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(10);

    private const int ExcerptLength = 280;
    private readonly IDbContextFactory<JiraQualityDbContext> _contexts;
    private readonly AlertConfiguration _configuration;
    private readonly IOptions<JiraOptions> _jira;
    private readonly AlertOutboxSignal _signal;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertEvaluationService> _logger;
    private readonly WordMatcher _customerAbuse;
    private readonly WordMatcher _agentProfanity;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public AlertEvaluationService(
        IDbContextFactory<JiraQualityDbContext> contexts,
        AlertConfiguration configuration,
        IOptions<JiraOptions> jira,
        IOptions<ScoringOptions> scoring,
        AlertOutboxSignal signal,
        TimeProvider time,
        ILogger<AlertEvaluationService> logger)
    {
        _contexts = contexts;
        _configuration = configuration;
        _jira = jira;
        _signal = signal;
        _time = time;
        _logger = logger;
        _customerAbuse = new WordMatcher(scoring.Value.EffectiveCustomerAbuseWords);
        _agentProfanity = new WordMatcher(scoring.Value.EffectiveAgentProfanityWords);
    }

    /// <summary>Evaluates what was stored since the last pass; returns the number of alerts created.</summary>
    public async Task<int> EvaluateAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var options = await _configuration.CurrentAsync(cancellationToken);
            var now = _time.GetUtcNow().UtcDateTime;
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            var checkpoint = await db.Set<AlertCheckpoint>().FindAsync([CheckpointName], cancellationToken);
            var from = checkpoint?.PositionUtc is { } position ? AsUtc(position) - Overlap : now - options.FirstRunLookback;
            var rules = options.Rules.Where(r => r.IsPerConversation).ToList();
            var created = 0;
            if (rules.Count > 0)
            {
                var stored = StoredSince(db, from);
                var candidates = await CandidatesQuery(stored, rules).ToListAsync(cancellationToken);
                if (rules.Any(r => r.Kind == AlertRuleKinds.SlaBreach))
                {
                    candidates = await WithServiceDeskBreachesAsync(db, stored, candidates, cancellationToken);
                }
                foreach (var chunk in candidates.Chunk(500))
                {
                    created += await CreateAlertsAsync(chunk, rules, options, now, cancellationToken);
                }
            }

            if (checkpoint is null)
            {
                db.Add(new AlertCheckpoint { Name = CheckpointName, PositionUtc = now, UpdatedAtUtc = now });
            }
            else
            {
                checkpoint.PositionUtc = now;
                checkpoint.UpdatedAtUtc = now;
            }

            await SaveIgnoringRaceAsync(db, cancellationToken);
            if (created > 0)
            {
                _logger.LogInformation("Alert evaluation created {Count} alerts", created);
                _signal.Wake();
            }

            return created;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The conversations stored since the watermark; read through the index on their processed time.</summary>
    internal static IQueryable<ProcessedConversation> StoredSince(JiraQualityDbContext db, DateTime fromUtc) =>
        db.ProcessedConversations.AsNoTracking().Where(r => r.ProcessedAtUtc >= fromUtc);

    internal static IQueryable<AlertCandidate> CandidatesQuery(IQueryable<ProcessedConversation> stored, IReadOnlyList<AlertRuleOptions> rules) =>
        Project(AlertRuleMatcher.Candidates(stored, rules));

    private static IQueryable<AlertCandidate> Project(IQueryable<ProcessedConversation> rows) =>
        rows.OrderBy(r => r.ProcessedAtUtc).Select(r => new AlertCandidate(
            r.IssueKey, r.Hub, r.PrimaryAgent, r.PrimaryAgentTier, r.ContactReason, r.CustomerAbuseCount, r.AgentProfanityCount,
            r.ConversationScore, r.AgentScore, r.FirstAgentResponseMinutes, r.InitialResponseSla15m, r.EscalatedTier1ToTier2,
            r.Resolved, r.ProcessedAtUtc));

    /// <summary>Adds the breached Jira Service Management SLA (synced with the ticket) to the stored conversations that have one.</summary>
    private static async Task<List<AlertCandidate>> WithServiceDeskBreachesAsync(
        JiraQualityDbContext db, IQueryable<ProcessedConversation> stored, List<AlertCandidate> candidates, CancellationToken cancellationToken)
    {
        var breaches = (await db.PreparedConversations.AsNoTracking()
                .Where(p => p.CustomFieldsJson.Contains(AlertRuleMatcher.ServiceDeskBreachMarker) && stored.Any(r => r.IssueKey == p.IssueKey))
                .Select(p => new { p.IssueKey, p.CustomFieldsJson })
                .ToListAsync(cancellationToken))
            .Select(p => (p.IssueKey, Sla: AlertRuleMatcher.BreachedServiceDeskSla(p.CustomFieldsJson)))
            .Where(p => p.Sla is not null)
            .ToDictionary(p => p.IssueKey, p => p.Sla!, StringComparer.Ordinal);
        if (breaches.Count == 0)
        {
            return candidates;
        }

        var known = candidates.Select(c => c.IssueKey).ToHashSet(StringComparer.Ordinal);
        var missing = breaches.Keys.Where(k => !known.Contains(k)).ToList();
        if (missing.Count > 0)
        {
            candidates.AddRange(await Project(stored.Where(r => missing.Contains(r.IssueKey))).ToListAsync(cancellationToken));
        }

        return [.. candidates.Select(c => breaches.TryGetValue(c.IssueKey, out var sla) ? c with { BreachedServiceDeskSla = sla } : c)];
    }

    private async Task<int> CreateAlertsAsync(
        IReadOnlyList<AlertCandidate> rows, IReadOnlyList<AlertRuleOptions> rules, AlertsOptions options, DateTime now, CancellationToken cancellationToken)
    {
        var fired = new List<(AlertRuleOptions Rule, AlertCandidate Row, string Reason)>();
        foreach (var row in rows)
        {
            foreach (var rule in rules)
            {
                if (AlertRuleMatcher.Match(rule, row) is { } reason)
                {
                    fired.Add((rule, row, reason));
                }
            }
        }

        if (fired.Count == 0)
        {
            return 0;
        }

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var keys = fired.Select(f => f.Row.IssueKey).Distinct().ToList();
        var ruleIds = fired.Select(f => f.Rule.Id).Distinct().ToList();
        var existing = (await db.Set<AlertDelivery>().AsNoTracking()
                .Where(d => ruleIds.Contains(d.RuleId) && keys.Contains(d.Subject))
                .Select(d => new { d.RuleId, d.Subject })
                .ToListAsync(cancellationToken))
            .Select(d => (d.RuleId, d.Subject))
            .ToHashSet();
        var fresh = fired.Where(f => !existing.Contains((f.Rule.Id, f.Row.IssueKey))).ToList();
        if (fresh.Count == 0)
        {
            return 0;
        }

        var threads = await db.PreparedConversations.AsNoTracking()
            .Where(p => keys.Contains(p.IssueKey))
            .Select(p => new { p.IssueKey, p.ThreadJson })
            .ToDictionaryAsync(p => p.IssueKey, p => p.ThreadJson, cancellationToken);
        var deliveries = fresh.Select(f => new AlertDelivery
        {
            Id = Guid.NewGuid(),
            RuleId = f.Rule.Id,
            RuleKind = f.Rule.Kind,
            Subject = f.Row.IssueKey,
            IssueKey = f.Row.IssueKey,
            Channel = f.Rule.Channel,
            State = f.Rule.IsDigest ? AlertDeliveryStates.Waiting : AlertDeliveryStates.Pending,
            CreatedAtUtc = now,
            NextAttemptAtUtc = now,
            PayloadJson = BuildMessage(f.Rule, f.Row, f.Reason, threads.GetValueOrDefault(f.Row.IssueKey), options, now).ToJson(),
        }).ToList();
        return await AddIgnoringDuplicatesAsync(deliveries, cancellationToken);
    }

    /// <summary>
    /// Inserts the deliveries; one another instance inserted first is skipped (the unique key refuses it). Returns how
    /// many were inserted here.
    /// </summary>
    internal async Task<int> AddIgnoringDuplicatesAsync(IReadOnlyList<AlertDelivery> deliveries, CancellationToken cancellationToken)
    {
        await using (var db = await _contexts.CreateDbContextAsync(cancellationToken))
        {
            db.AddRange(deliveries);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return deliveries.Count;
            }
            catch (DbUpdateException)
            {
                // Someone else stored some of them meanwhile: store the rest one by one.
            }
        }

        var inserted = 0;
        foreach (var delivery in deliveries)
        {
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            db.Add(delivery);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                inserted++;
            }
            catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
            {
                // Already alerted (one alert per rule and subject, ever); anything else is a real failure.
                if (!await ExistsAsync(delivery, cancellationToken))
                {
                    throw;
                }
            }
        }

        return inserted;
    }

    private async Task<bool> ExistsAsync(AlertDelivery delivery, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.Set<AlertDelivery>().AnyAsync(d => d.RuleId == delivery.RuleId && d.Subject == delivery.Subject, cancellationToken);
    }

    private static async Task SaveIgnoringRaceAsync(JiraQualityDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance created the checkpoint at the same moment; its position is as good as ours.
        }
    }

    internal AlertMessage BuildMessage(AlertRuleOptions rule, AlertCandidate row, string reason, string? threadJson, AlertsOptions options, DateTime now)
    {
        var links = AlertLinks.For(row.IssueKey, _jira.Value, options);
        return new AlertMessage
        {
            Rule = rule.Kind,
            RuleId = rule.Id,
            IssueKey = row.IssueKey,
            Hub = row.Hub,
            Agent = row.PrimaryAgent,
            ConversationScore = row.ConversationScore,
            AgentScore = row.AgentScore,
            Url = links.Url,
            DashboardUrl = links.DashboardUrl,
            AtUtc = now,
            Reason = reason,
            Excerpt = threadJson is null ? null : Excerpt(rule.Kind, threadJson),
        };
    }

    /// <summary>The redacted text of the message that made the rule fire, else of the customer's opening message.</summary>
    private string? Excerpt(string kind, string threadJson)
    {
        IReadOnlyList<ConversationMessage> messages;
        try
        {
            messages = ConversationJson.DeserializeMessages(threadJson);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }

        var visible = messages.Where(m => !m.IsInternal).ToList();
        var message = kind switch
        {
            AlertRuleKinds.CustomerAbuse => visible.FirstOrDefault(m => m.Role == MessageRole.Customer && _customerAbuse.Count(m.Text) > 0),
            AlertRuleKinds.AgentProfanity => visible.FirstOrDefault(m => m.Role == MessageRole.Agent && _agentProfanity.Count(m.Text) > 0),
            _ => null,
        } ?? visible.FirstOrDefault(m => m.Role == MessageRole.Customer);
        return message is null ? null : Shorten(message.RedactedText);
    }

    internal static string Shorten(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= ExcerptLength ? flat : flat[..(ExcerptLength - 1)].TrimEnd() + "…";
    }

    internal static DateTime AsUtc(DateTime value) =>
        value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
