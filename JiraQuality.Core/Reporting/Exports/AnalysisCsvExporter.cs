using System.Globalization;
using CsvHelper;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Reporting.Exports;

/// <summary>
/// Writes one CSV row per processed conversation: the predecessor's 50 columns in its exact order (its §3.2 b layout,
/// whose four profanity/abuse names appear twice), so readers by position keep working, followed by ours. Heuristic
/// and imported rows say so in <c>scorer_kind</c>.
/// </summary>
public sealed class AnalysisCsvExporter(IDbContextFactory<JiraQualityDbContext> contextFactory)
{
    public static readonly IReadOnlyList<string> PredecessorColumns =
    [
        "issue_key", "status", "resolution", "custom_field_hub", "conversation_start", "conversation_end", "duration_minutes",
        "duration_to_resolution", "first_agent_response_minutes", "avg_agent_response_minutes", "avg_customer_response_minutes",
        "messages_total", "messages_agent", "messages_customer", "turns", "agent_authors", "customer_authors",
        "initial_response_sla_5m", "initial_response_sla_15m", "agent_profanity_detected", "agent_profanity_count",
        "customer_abuse_detected", "customer_abuse_count", "llm_summary_250", "conversation_rating", "problem_extract",
        "resolution_extract", "steps_extract", "resolution_timestamp_iso", "resolution_message_index", "contact_reason",
        "contact_reason_original", "contact_reason_change", "reason_override_why", "resolution_why",
        "customer_sentiment_primary", "customer_sentiment_scores", "agent_profanity_detected", "agent_profanity_count",
        "customer_abuse_detected", "customer_abuse_count", "agent_score", "customer_score", "resolved", "is_resolved",
        "improvement_tip", "llm_model", "llm_input_tokens", "llm_output_tokens", "llm_cost_usd",
    ];

    public static readonly IReadOnlyList<string> OwnColumns =
    [
        "scorer_kind", "scorer_version", "prompt_version", "conversation_score", "needs_improvement", "contact_reason_raw",
        "messages_internal", "first_responder", "first_responder_tier", "primary_agent", "primary_agent_tier",
        "escalated_tier1_to_tier2", "handed_over_from_tier1", "llm_cached_input_tokens", "imported_from", "processed_at",
    ];

    /// <summary>JSM outcomes from the synced ticket fields, last: CSAT stars (1–5) and whether any SLA cycle breached; empty when unknown.</summary>
    public static readonly IReadOnlyList<string> ServiceDeskColumns = ["jsm_csat_rating", "jsm_sla_breached"];

    private const int ServiceDeskLookupBatch = 500;

    /// <summary>
    /// Writes the export and returns how many rows it holds; <paramref name="redactPersonalData"/> passes every row's free
    /// text through the personal-data redaction (the web's downloads unless the caller may reveal and asks).
    /// </summary>
    public async Task<int> WriteAsync(TextWriter writer, AnalysisExportFilter filter, CancellationToken cancellationToken, bool redactPersonalData = false)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = Reporting.ConversationQueries.ConversationQueryable.InHubs(db.ProcessedConversations.AsNoTracking(), filter.AllowedHubs);
        if (filter.FromUtc is { } from)
        {
            query = query.Where(p => p.ConversationEndUtc >= from);
        }

        if (filter.ToUtc is { } to)
        {
            query = query.Where(p => p.ConversationEndUtc < to);
        }

        if (!string.IsNullOrWhiteSpace(filter.ScorerKind))
        {
            query = query.Where(p => p.ScorerKind == filter.ScorerKind);
        }

        if (!string.IsNullOrWhiteSpace(filter.Hub))
        {
            query = query.Where(p => p.Hub == filter.Hub);
        }

        if (!string.IsNullOrWhiteSpace(filter.ContactReason))
        {
            query = query.Where(p => p.ContactReason == filter.ContactReason);
        }

        if (!string.IsNullOrWhiteSpace(filter.PrimaryAgent))
        {
            query = query.Where(p => p.PrimaryAgent == filter.PrimaryAgent);
        }

        if (!string.IsNullOrWhiteSpace(filter.IssueKey))
        {
            query = query.Where(p => p.IssueKey == filter.IssueKey);
        }

        return await WriteRowsAsync(
            writer,
            Rows(query.OrderBy(p => p.ConversationStartUtc).ThenBy(p => p.IssueKey).AsAsyncEnumerable(), redactPersonalData),
            cancellationToken,
            contextFactory);

        static async IAsyncEnumerable<ProcessedConversation> Rows(IAsyncEnumerable<ProcessedConversation> rows, bool redact)
        {
            await foreach (var row in rows)
            {
                yield return redact ? Identity.PersonalDataRedaction.RedactInPlace(row) : row;
            }
        }
    }

    /// <summary>
    /// Writes the given rows in the analysis layout; the Conversations page passes its own filtered list. With
    /// <paramref name="serviceDesk"/> the JSM columns are read from the tickets in batches (never the whole list at once).
    /// </summary>
    public static async Task<int> WriteRowsAsync(TextWriter writer, IAsyncEnumerable<ProcessedConversation> rows, CancellationToken cancellationToken, IDbContextFactory<JiraQualityDbContext>? serviceDesk = null)
    {
        await using var csv = new CsvWriter(writer, SpreadsheetSafeCsv.WriterConfiguration(), leaveOpen: true);
        foreach (var column in PredecessorColumns.Concat(OwnColumns).Concat(ServiceDeskColumns))
        {
            csv.WriteField(column);
        }

        await csv.NextRecordAsync();
        var count = 0;
        var batch = new List<ProcessedConversation>(ServiceDeskLookupBatch);
        async Task FlushAsync()
        {
            var outcomes = await ServiceDeskAsync(serviceDesk, batch, cancellationToken);
            foreach (var row in batch)
            {
                foreach (var value in Values(row))
                {
                    csv.WriteField(value);
                }

                var (rating, breached) = outcomes.TryGetValue(row.IssueKey, out var outcome) ? outcome : (null, null);
                csv.WriteField(Int(rating));
                csv.WriteField(Bool(breached));
                await csv.NextRecordAsync();
                count++;
            }

            batch.Clear();
        }

        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            batch.Add(row);
            if (batch.Count == ServiceDeskLookupBatch)
            {
                await FlushAsync();
            }
        }

        await FlushAsync();
        await csv.FlushAsync();
        return count;
    }

    private static async Task<Dictionary<string, (int? Rating, bool? Breached)>> ServiceDeskAsync(
        IDbContextFactory<JiraQualityDbContext>? contexts, List<ProcessedConversation> rows, CancellationToken cancellationToken)
    {
        if (contexts is null || rows.Count == 0)
        {
            return [];
        }

        var keys = rows.Select(r => r.IssueKey).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var fields = await db.PreparedConversations.AsNoTracking()
            .Where(p => keys.Contains(p.IssueKey) && p.CustomFieldsJson.Contains("\"jsm_"))
            .Select(p => new { p.IssueKey, p.CustomFieldsJson })
            .ToListAsync(cancellationToken);
        return fields.ToDictionary(f => f.IssueKey, f => Reporting.Dashboard.ServiceDeskOutcomeQuery.Read(f.CustomFieldsJson), StringComparer.Ordinal);
    }

    internal static IEnumerable<string> Values(ProcessedConversation row)
    {
        var details = AssessmentDetails.FromJson(row.ScoreReasonsJson);
        var llm = details?.LlmLanguage;
        return
        [
            row.IssueKey, row.Status, row.Resolution, row.Hub ?? "", Iso(row.ConversationStartUtc), Iso(row.ConversationEndUtc),
            Minutes(row.DurationMinutes), Minutes(row.DurationToResolutionMinutes), Minutes(row.FirstAgentResponseMinutes),
            Minutes(row.AvgAgentResponseMinutes), Minutes(row.AvgCustomerResponseMinutes), Int(row.MessagesTotal), Int(row.MessagesAgent),
            Int(row.MessagesCustomer), Int(row.Turns), row.AgentAuthors, row.CustomerAuthors, Bool(row.InitialResponseSla5m),
            Bool(row.InitialResponseSla15m), Bool(row.AgentProfanityDetected), Int(row.AgentProfanityCount),
            Bool(row.CustomerAbuseDetected), Int(row.CustomerAbuseCount), row.Summary ?? "", Score(row.ConversationRating),
            row.ProblemExtract ?? "", row.ResolutionExtract ?? "", row.StepsJson ?? "", Iso(row.ResolutionTimestampUtc),
            Int(row.ResolutionMessageIndex), row.ContactReason ?? "", row.ContactReasonOriginal ?? "", Bool(row.ContactReasonChanged),
            row.ReasonOverrideWhy ?? "", row.ResolutionWhy ?? "", row.SentimentPrimary ?? "", row.SentimentScoresJson ?? "",

            // The predecessor's second copy of the four names: the LLM's judgement where it gave one, else the keyword counts.
            Bool(llm?.AgentProfanityDetected ?? row.AgentProfanityDetected), Int(llm?.AgentProfanityCount ?? row.AgentProfanityCount),
            Bool(llm?.CustomerAbuseDetected ?? row.CustomerAbuseDetected), Int(llm?.CustomerAbuseCount ?? row.CustomerAbuseCount),
            Score(row.AgentScore), Score(row.CustomerScore), Bool(row.Resolved), Bool(row.Resolved), row.ImprovementTip ?? "",
            row.Model ?? "", Int(row.InputTokens), Int(row.OutputTokens), Cost(row.CostUsd),

            row.ScorerKind, row.ScorerVersion, row.PromptVersion ?? "", Score(row.ConversationScore), Bool(row.NeedsImprovement),
            row.ContactReasonRaw ?? "", Int(row.MessagesInternal), row.FirstResponder ?? "", row.FirstResponderTier ?? "",
            row.PrimaryAgent ?? "", row.PrimaryAgentTier ?? "", Bool(row.EscalatedTier1ToTier2), Bool(row.HandedOverFromTier1),
            Int(row.CachedInputTokens), details?.ImportedFrom ?? "",
            Iso(row.ProcessedAtUtc),
        ];
    }

    public static string Iso(DateTime? value) => value is { } v
        ? DateTime.SpecifyKind(v, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss+00:00", CultureInfo.InvariantCulture)
        : "";

    public static string Minutes(double? value) => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? "";

    private static string Score(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "";

    private static string Cost(double? value) => value?.ToString("0.000000", CultureInfo.InvariantCulture) ?? "";

    private static string Int(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    private static string Bool(bool? value) => value switch
    {
        true => "true",
        false => "false",
        null => "",
    };
}
