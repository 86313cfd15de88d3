using System.Globalization;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Reporting.Exports;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>
/// Loads the predecessor's scored CSVs (the 35-column file of its first version, and the 50-column layout with
/// its duplicated names, with or without the rental columns) so teams keep their history. Rows are stored as
/// <c>imported</c> with the file name, and are never re-scored unless asked. A file with any bad value is
/// rejected whole, naming the line and column; nothing is written from it.
/// </summary>
public sealed class ScoredCsvImporter(IDbContextFactory<JiraQualityDbContext> contextFactory, TimeProvider timeProvider)
{
    public const string LayoutFirst = "predecessor-35-columns";
    public const string LayoutLater = "predecessor-50-columns";

    private static readonly string[] RequiredColumns = ["issue_key", "conversation_start", "messages_total", "llm_summary_250", "conversation_rating"];

    public async Task<ScoredImportResult> ImportAsync(string path, bool overwriteScored, IJobProgress progress, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Scored CSV '{path}' does not exist.", path);
        }

        await using var stream = File.OpenRead(path);
        using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
        return await ImportAsync(reader, Path.GetFileName(path), overwriteScored, progress, cancellationToken);
    }

    public async Task<ScoredImportResult> ImportAsync(TextReader reader, string fileName, bool overwriteScored, IJobProgress progress, CancellationToken cancellationToken)
    {
        var (layout, rows, blank) = Parse(reader, fileName);
        progress.Log($"Read {rows.Count} scored rows from {fileName} ({layout}).");
        progress.Report(0, rows.Count, fileName);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var imported = 0;
        var skipped = 0;
        foreach (var chunk in rows.Chunk(500))
        {
            var keys = chunk.Select(r => r.IssueKey).ToList();
            var existing = await db.ProcessedConversations.Where(p => keys.Contains(p.IssueKey)).ToDictionaryAsync(p => p.IssueKey, cancellationToken);
            var stored = new List<ProcessedConversation>(chunk.Length);
            foreach (var row in chunk)
            {
                if (existing.TryGetValue(row.IssueKey, out var current))
                {
                    if (current.ScorerKind != ScorerKinds.Imported && !overwriteScored)
                    {
                        skipped++;
                        continue;
                    }

                    db.Entry(current).CurrentValues.SetValues(row);
                    stored.Add(current);
                }
                else
                {
                    db.ProcessedConversations.Add(row);
                    existing[row.IssueKey] = row;
                    stored.Add(row);
                }

                imported++;
            }

            // Replacing a conversation's scores keeps the corrections people accepted.
            await Review.ScoreCorrections.ApplyAsync(db, stored, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            progress.Report(imported + skipped, rows.Count, fileName);
        }

        await transaction.CommitAsync(cancellationToken);
        var result = new ScoredImportResult(fileName, layout, imported, blank, skipped);
        progress.Log(result.Describe());
        return result;
    }

    internal (string Layout, List<ProcessedConversation> Rows, int Blank) Parse(TextReader reader, string fileName)
    {
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = false });
        if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
        {
            throw new InvalidDataException($"{fileName}: the file is empty; expected a header row.");
        }

        // The later layout repeats four names; both copies always hold the same value, so the first one wins.
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            columns.TryAdd(header[i].Trim().TrimStart('\uFEFF'), i);
        }

        var missing = RequiredColumns.Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{fileName}: not a scored CSV of the predecessor; missing column(s) {string.Join(", ", missing)}.");
        }

        var layout = columns.ContainsKey("problem_extract") ? LayoutLater : LayoutFirst;
        var rows = new List<ProcessedConversation>();
        var errors = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var blank = 0;
        var now = timeProvider.GetUtcNow().UtcDateTime;
        while (csv.Read())
        {
            var line = csv.Parser.RawRow;
            var record = new Record(csv, columns, fileName, line, errors);
            var key = record.Text("issue_key");
            if (string.IsNullOrWhiteSpace(key))
            {
                blank++;
                continue;
            }

            if (!seen.Add(key))
            {
                errors.Add($"{fileName} line {line}: issue_key '{key}' appears twice.");
                continue;
            }

            rows.Add(ToRow(record, key, layout, fileName, now));
            if (errors.Count >= 20)
            {
                break;
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidDataException($"{fileName} was not imported:\n" + string.Join('\n', errors));
        }

        return (layout, rows, blank);
    }

    private static ProcessedConversation ToRow(Record r, string key, string layout, string fileName, DateTime now)
    {
        var summary = r.Optional("llm_summary_250");
        var rating = r.Double("conversation_rating");

        // The predecessor wrote resolved=false, Neutral and change=false when it had no LLM answer; those were
        // defaults, not verdicts, so they are dropped.
        var judged = summary is not null || rating is not null;
        var agentAuthors = r.Text("agent_authors");
        var agents = agentAuthors.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var agentScore = r.Double("agent_score");
        var customerScore = r.Double("customer_score");
        return new ProcessedConversation
        {
            IssueKey = key.Trim(),
            Status = r.Text("status"),
            Resolution = r.Text("resolution"),
            Hub = r.Optional("custom_field_hub"),
            ConversationStartUtc = r.Timestamp("conversation_start"),
            ConversationEndUtc = r.Timestamp("conversation_end"),
            DurationMinutes = r.Double("duration_minutes"),
            DurationToResolutionMinutes = r.Double("duration_to_resolution"),
            FirstAgentResponseMinutes = r.Double("first_agent_response_minutes"),
            AvgAgentResponseMinutes = r.Double("avg_agent_response_minutes"),
            AvgCustomerResponseMinutes = r.Double("avg_customer_response_minutes"),
            MessagesTotal = r.Int("messages_total") ?? 0,
            MessagesAgent = r.Int("messages_agent") ?? 0,
            MessagesCustomer = r.Int("messages_customer") ?? 0,
            Turns = r.Int("turns") ?? 0,
            AgentAuthors = agentAuthors,
            CustomerAuthors = r.Text("customer_authors"),
            PrimaryAgent = agents.Length == 1 ? agents[0] : null,
            InitialResponseSla5m = r.Bool("initial_response_sla_5m"),
            InitialResponseSla15m = r.Bool("initial_response_sla_15m"),
            AgentProfanityCount = r.Int("agent_profanity_count") ?? 0,
            AgentProfanityDetected = r.Bool("agent_profanity_detected") ?? false,
            CustomerAbuseCount = r.Int("customer_abuse_count") ?? 0,
            CustomerAbuseDetected = r.Bool("customer_abuse_detected") ?? false,
            ScorerKind = ScorerKinds.Imported,
            ScorerVersion = $"{ScorerKinds.Imported}/{layout}",
            PromptVersion = layout,
            Model = r.Optional("llm_model"),
            Summary = summary,
            ConversationRating = rating,
            AgentScore = agentScore,
            CustomerScore = customerScore,
            ConversationScore = agentScore is { } a && customerScore is { } c ? (a + c) / 2 : rating,
            Resolved = judged ? r.Bool("is_resolved") ?? r.Bool("resolved") : null,
            ResolutionMessageIndex = r.Int("resolution_message_index") is > 0 and var index ? index : null,
            ResolutionTimestampUtc = r.Timestamp("resolution_timestamp_iso"),
            ProblemExtract = r.Optional("problem_extract") ?? r.Optional("extract_customer_problem"),
            ResolutionExtract = r.Optional("resolution_extract"),
            StepsJson = judged ? r.Json("steps_extract", JsonValueKind.Array) : null,
            ContactReason = r.Optional("contact_reason"),
            ContactReasonOriginal = r.Optional("contact_reason_original"),
            ContactReasonChanged = judged ? r.Bool("contact_reason_change") : null,
            ReasonOverrideWhy = r.Optional("reason_override_why"),
            ResolutionWhy = r.Optional("resolution_why"),
            SentimentPrimary = judged ? r.Optional("customer_sentiment_primary") : null,
            SentimentScoresJson = judged ? r.Json("customer_sentiment_scores", JsonValueKind.Object) : null,
            ImprovementTip = r.Optional("improvement_tip"),
            ScoreReasonsJson = new AssessmentDetails { ImportedFrom = fileName }.ToJson(),
            InputTokens = r.Int("llm_input_tokens"),
            OutputTokens = r.Int("llm_output_tokens"),
            CostUsd = r.Double("llm_cost_usd"),
            ProcessedAtUtc = now,
        };
    }

    /// <summary>Reads one row's cells by name and records every unreadable value with its line and column.</summary>
    private sealed class Record(CsvReader csv, Dictionary<string, int> columns, string file, long line, List<string> errors)
    {
        public string Text(string name) => columns.TryGetValue(name, out var i) && csv.TryGetField<string>(i, out var value) && value is not null ? SpreadsheetSafeCsv.Unescape(value).Trim() : "";

        public string? Optional(string name) => Text(name) is { Length: > 0 } value ? value : null;

        public double? Double(string name)
        {
            var text = Text(name);
            if (text.Length == 0)
            {
                return null;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            return Fail<double?>(name, text, "a number");
        }

        public int? Int(string name) => Double(name) is { } value
            ? value == Math.Floor(value) && value is >= int.MinValue and <= int.MaxValue ? (int)value : Fail<int?>(name, Text(name), "a whole number")
            : null;

        public bool? Bool(string name)
        {
            var text = Text(name).ToLowerInvariant();
            return text switch
            {
                "" => null,
                "true" or "t" or "1" or "yes" or "y" => true,
                "false" or "f" or "0" or "no" or "n" => false,
                _ => Fail<bool?>(name, text, "true or false"),
            };
        }

        public DateTime? Timestamp(string name)
        {
            var text = Text(name);
            if (text.Length == 0)
            {
                return null;
            }

            if (text.EndsWith('Z'))
            {
                text = text[..^1] + "+00:00";
            }

            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
                ? value.UtcDateTime
                : Fail<DateTime?>(name, text, "an ISO-8601 timestamp");
        }

        public string? Json(string name, JsonValueKind kind)
        {
            var text = Text(name);
            if (text.Length == 0)
            {
                return null;
            }

            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.ValueKind == kind ? document.RootElement.GetRawText() : Fail<string?>(name, text, $"a JSON {kind.ToString().ToLowerInvariant()}");
            }
            catch (JsonException)
            {
                return Fail<string?>(name, text, "JSON");
            }
        }

        private T? Fail<T>(string name, string value, string expected)
        {
            errors.Add($"{file} line {line}, column {name}: '{(value.Length > 60 ? value[..60] + "..." : value)}' is not {expected}.");
            return default;
        }
    }
}
