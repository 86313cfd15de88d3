using System.Globalization;
using JiraQuality.Core.Scoring.Processing;

namespace JiraQuality.Core.Alerts;

/// <summary>Decides whether a per-conversation rule fires on a stored conversation, and says why.</summary>
public static class AlertRuleMatcher
{
    /// <summary>The reason the rule fires, or null when it does not (filters included).</summary>
    public static string? Match(AlertRuleOptions rule, AlertCandidate row)
    {
        if (!PassesFilters(rule, row))
        {
            return null;
        }

        var threshold = rule.EffectiveThreshold;
        return rule.Kind switch
        {
            AlertRuleKinds.CustomerAbuse when row.CustomerAbuseCount >= 1 =>
                $"The customer used {Count(row.CustomerAbuseCount, "abusive word")}.",
            AlertRuleKinds.AgentProfanity when row.AgentProfanityCount >= 1 =>
                $"The agent used {Count(row.AgentProfanityCount, "profane word")}.",
            AlertRuleKinds.LowScore when row.ConversationScore <= threshold =>
                $"Conversation score {Number(row.ConversationScore)} is at or below {Number(threshold)}.",
            AlertRuleKinds.LowScore when row.AgentScore <= threshold =>
                $"Agent score {Number(row.AgentScore)} is at or below {Number(threshold)}.",
            AlertRuleKinds.SlaBreach when row.InitialResponseSla15m == false =>
                row.FirstAgentResponseMinutes is { } minutes
                    ? $"First response after {Number(minutes)} minutes, over the extended SLA."
                    : "First response over the extended SLA.",
            AlertRuleKinds.SlaBreach when row.BreachedServiceDeskSla is { } sla =>
                $"The Jira Service Management SLA '{sla.Replace('_', ' ')}' was breached.",
            AlertRuleKinds.UnresolvedEscalated when row.EscalatedTier1ToTier2 && row.Resolved != true =>
                "Escalated from tier 1 to tier 2 and not resolved.",
            _ => null,
        };
    }

    public static bool PassesFilters(AlertRuleOptions rule, AlertCandidate row) =>
        Same(rule.Hub, row.Hub) && Same(rule.ContactReason, row.ContactReason) && SameTier(rule.Tier, row.PrimaryAgentTier);

    /// <summary>
    /// A SQL-side pre-filter: true for every row at least one of <paramref name="rules"/> could fire on. The matcher
    /// decides; this only keeps the rows read small.
    /// </summary>
    internal static IQueryable<ProcessedConversation> Candidates(IQueryable<ProcessedConversation> rows, IReadOnlyList<AlertRuleOptions> rules)
    {
        var kinds = rules.Select(r => r.Kind).ToHashSet(StringComparer.Ordinal);
        var abuse = kinds.Contains(AlertRuleKinds.CustomerAbuse);
        var profanity = kinds.Contains(AlertRuleKinds.AgentProfanity);
        var lowScore = kinds.Contains(AlertRuleKinds.LowScore);
        var lowest = lowScore ? rules.Where(r => r.Kind == AlertRuleKinds.LowScore).Max(r => r.EffectiveThreshold) : 0;
        var sla = kinds.Contains(AlertRuleKinds.SlaBreach);
        var escalated = kinds.Contains(AlertRuleKinds.UnresolvedEscalated);
        return rows.Where(r =>
            (abuse && r.CustomerAbuseCount >= 1)
            || (profanity && r.AgentProfanityCount >= 1)
            || (lowScore && (r.ConversationScore <= lowest || r.AgentScore <= lowest))
            || (sla && r.InitialResponseSla15m == false)
            || (escalated && r.EscalatedTier1ToTier2 && r.Resolved != true));
    }

    /// <summary>The custom-field suffix a synced JSM SLA cycle carries (<c>jsm_sla_&lt;name&gt;_breached</c>).</summary>
    internal const string ServiceDeskBreachMarker = "_breached\":\"true\"";

    /// <summary>The first breached JSM SLA named in a ticket's custom fields, or null.</summary>
    internal static string? BreachedServiceDeskSla(string customFieldsJson)
    {
        IReadOnlyDictionary<string, string> fields;
        try
        {
            fields = Conversations.ConversationJson.DeserializeCustomFields(customFieldsJson);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }

        return fields
            .Where(f => f.Key.StartsWith("jsm_sla_", StringComparison.Ordinal) && f.Key.EndsWith("_breached", StringComparison.Ordinal) && f.Value == "true")
            .Select(f => f.Key["jsm_sla_".Length..^"_breached".Length])
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
    }

    private static bool Same(string filter, string? value) =>
        string.IsNullOrWhiteSpace(filter) || string.Equals(filter.Trim(), value?.Trim(), StringComparison.OrdinalIgnoreCase);

    // "Tier 1", "tier-1" and the stored "TIER1" are one tier.
    private static bool SameTier(string filter, string? value) =>
        string.IsNullOrWhiteSpace(filter) || string.Equals(TierKey(filter), TierKey(value ?? ""), StringComparison.Ordinal);

    private static string TierKey(string tier) =>
        new([.. tier.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant)]);

    private static string Count(int count, string word) =>
        count == 1 ? $"1 {word}" : $"{count.ToString(CultureInfo.InvariantCulture)} {word}s";

    internal static string Number(double? value) =>
        value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "none";
}
