using System.Globalization;
using System.Text.Json;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Review;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Scoring.Taxonomy;

namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>
/// Validates the LLM's answer against the schema and the conversation. A wrong type, a missing field or an
/// out-of-range value rejects the whole answer (the caller retries); over-long texts are shortened.
/// </summary>
public static class LlmAnswerParser
{
    public static QualityAssessment Parse(
        string content, Conversation conversation, ContactReasonTaxonomy taxonomy, QualityAssessment template, IReadOnlyList<ScorecardCategory>? customCategories = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content);
        }
        catch (JsonException ex)
        {
            throw new ScoringException($"malformed JSON: {ex.Message}; raw={Preview(content)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ScoringException($"expected a JSON object; raw={Preview(content)}");
            }

            var resolvedIndex = NullableInt(root, "resolution_message_index", 1, int.MaxValue);
            var resolved = Bool(root, "resolved");
            DateTime? resolutionTs = null;
            if (resolvedIndex is { } index)
            {
                // The timestamp comes from the message the model points at, never from its own text.
                var message = conversation.Messages.FirstOrDefault(m => m.Index == index)
                    ?? throw new ScoringException($"resolution_message_index {index} is not a message of this conversation (1..{conversation.Messages.Count}).");
                resolutionTs = message.TimestampUtc;
            }

            var (label, inTaxonomy) = taxonomy.Match(Str(root, "contact_reason"));
            var raw = Str(root, "contact_reason").Trim();
            conversation.CustomFields.TryGetValue(CustomFieldKeys.ContactReason, out var original);
            var changed = Bool(root, "contact_reason_changed");
            if (!string.IsNullOrWhiteSpace(original) && string.Equals(original.Trim(), label, StringComparison.OrdinalIgnoreCase))
            {
                changed = false;
            }

            var scores = SentimentScores(root);
            var primary = Str(root, "customer_sentiment_primary");
            if (!LlmAnswerSchema.SentimentLabels.Contains(primary))
            {
                throw new ScoringException($"customer_sentiment_primary '{Preview(primary)}' is not one of the 8 labels.");
            }

            var agentProfanity = NonNegative(root, "agent_profanity_count");
            var customerAbuse = NonNegative(root, "customer_abuse_count");
            var rating = RequiredInt(root, "conversation_rating", 1, 5);
            var agentScore = RequiredInt(root, "agent_score", 1, 5);
            var agentSwore = Bool(root, "agent_profanity_detected");
            return template with
            {
                Summary = Cut(Str(root, "summary"), LlmAnswerSchema.SummaryMax),
                ConversationRating = rating,
                AgentScore = agentScore,
                CustomerScore = RequiredInt(root, "customer_score", 1, 5),
                ScoreReasons = Reasons(root, conversation.Messages.Count == 0 ? 0 : conversation.Messages.Max(m => m.Index)),
                Resolved = resolved,
                ResolutionMessageIndex = resolvedIndex,
                ResolutionTimestampUtc = resolutionTs,
                ResolutionWhy = Empty(Cut(Str(root, "resolution_why"), LlmAnswerSchema.WhyMax)),
                ProblemExtract = Empty(Cut(Str(root, "problem_extract"), LlmAnswerSchema.ExtractMax)),
                ResolutionExtract = Empty(FirstWords(Cut(Str(root, "resolution_extract"), LlmAnswerSchema.ExtractMax), 15)),
                Steps = Steps(root),
                ContactReason = label,
                ContactReasonRaw = inTaxonomy ? null : raw,
                ContactReasonChanged = changed,
                ReasonOverrideWhy = Empty(Cut(Str(root, "reason_override_why"), LlmAnswerSchema.WhyMax)),
                SentimentPrimary = primary,
                SentimentScores = scores,
                ImprovementTip = Empty(Cut(Str(root, "improvement_tip"), LlmAnswerSchema.TipMax)),
                // Derived from the model's own verdict: an adequate-or-worse agent or conversation, or agent profanity.
                NeedsImprovement = agentScore <= 3 || rating <= 3 || agentSwore,
                LlmLanguage = new LanguageJudgement(agentSwore, agentProfanity, Bool(root, "customer_abuse_detected"), customerAbuse),
                CategoryVerdicts = customCategories is { Count: > 0 } ? Verdicts(root, customCategories) : null,
            };
        }
    }

    private static JsonElement Required(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value : throw new ScoringException($"missing field '{name}'.");

    private static string Str(JsonElement root, string name)
    {
        var value = Required(root, name);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new ScoringException($"field '{name}' must be a string.");
    }

    private static bool Bool(JsonElement root, string name) => Required(root, name).ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new ScoringException($"field '{name}' must be a boolean."),
    };

    private static int RequiredInt(JsonElement root, string name, int min, int max) =>
        NullableInt(root, name, min, max) ?? throw new ScoringException($"field '{name}' must not be null.");

    private static int NonNegative(JsonElement root, string name) => RequiredInt(root, name, 0, int.MaxValue);

    private static int? NullableInt(JsonElement root, string field, int min, int max, string? displayName = null)
    {
        var name = displayName ?? field;
        var value = root.TryGetProperty(field, out var found) ? found : throw new ScoringException($"missing field '{name}'.");
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
        {
            throw new ScoringException($"field '{name}' must be an integer, got {Preview(value.GetRawText())}.");
        }

        return number < min || number > max
            ? throw new ScoringException(string.Create(CultureInfo.InvariantCulture, $"field '{name}' = {number} is outside {min}..{max}."))
            : number;
    }

    private static IReadOnlyDictionary<string, double> SentimentScores(JsonElement root)
    {
        var value = Required(root, "customer_sentiment_scores");
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new ScoringException("field 'customer_sentiment_scores' must be an object.");
        }

        var raw = new double[LlmAnswerSchema.SentimentLabels.Count];
        for (var i = 0; i < raw.Length; i++)
        {
            var label = LlmAnswerSchema.SentimentLabels[i];
            if (!value.TryGetProperty(label, out var weight) || weight.ValueKind != JsonValueKind.Number)
            {
                throw new ScoringException($"customer_sentiment_scores.{label} is missing or not a number.");
            }

            raw[i] = weight.GetDouble();
            if (raw[i] is < 0 or > 1 || double.IsNaN(raw[i]))
            {
                throw new ScoringException(string.Create(CultureInfo.InvariantCulture, $"customer_sentiment_scores.{label} = {raw[i]} is outside 0..1."));
            }
        }

        var sum = raw.Sum();
        if (sum <= 0)
        {
            throw new ScoringException("customer_sentiment_scores are all zero.");
        }

        // Normalised to 4 decimals; the rounding residual goes to the largest weight, not always to Neutral.
        var normalised = raw.Select(w => Math.Round(w / sum, 4, MidpointRounding.ToEven)).ToArray();
        var largest = Array.IndexOf(normalised, normalised.Max());
        normalised[largest] = Math.Round(normalised[largest] + (1 - normalised.Sum()), 4);
        return LlmAnswerSchema.SentimentLabels.Select((label, i) => (label, i)).ToDictionary(p => p.label, p => normalised[p.i]);
    }

    private static IReadOnlyList<string> Steps(JsonElement root)
    {
        var value = Required(root, "steps");
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new ScoringException("field 'steps' must be an array.");
        }

        return [.. value.EnumerateArray()
            .Select(s => s.ValueKind == JsonValueKind.String ? s.GetString()!.Trim() : throw new ScoringException("field 'steps' must hold strings."))
            .Where(s => s.Length > 0)
            .Take(LlmAnswerSchema.StepsMax)
            .Select(s => Cut(s, LlmAnswerSchema.StepMax))];
    }

    private static IReadOnlyDictionary<string, ScoreReason> Reasons(JsonElement root, int lastIndex)
    {
        var value = Required(root, "score_reasons");
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new ScoringException("field 'score_reasons' must be an object.");
        }

        var reasons = new Dictionary<string, ScoreReason>();
        foreach (var key in new[] { "conversation_rating", "agent_score", "customer_score" })
        {
            var item = Required(value, key);
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new ScoringException($"score_reasons.{key} must be an object.");
            }

            var messages = Required(item, "messages");
            if (messages.ValueKind != JsonValueKind.Array)
            {
                throw new ScoringException($"score_reasons.{key}.messages must be an array.");
            }

            var numbers = messages.EnumerateArray()
                .Select(m => m.ValueKind == JsonValueKind.Number && m.TryGetInt32(out var n) ? n : throw new ScoringException($"score_reasons.{key}.messages must hold integers."))
                .ToList();
            if (numbers.Any(n => n < 1 || n > lastIndex))
            {
                throw new ScoringException($"score_reasons.{key} cites a message outside 1..{lastIndex}.");
            }

            reasons[key] = new ScoreReason(Cut(Str(item, "reason"), LlmAnswerSchema.ReasonMax), numbers);
        }

        return reasons;
    }

    private static IReadOnlyDictionary<string, CategoryVerdict> Verdicts(JsonElement root, IReadOnlyList<ScorecardCategory> categories)
    {
        // An endpoint that ignores the schema's extra categories (many OpenAI-compatible servers do not enforce it) still
        // gives the three AI scores: what it left out stays unscored rather than failing the whole verdict. A score it did
        // give must be valid.
        var verdicts = new Dictionary<string, CategoryVerdict>(StringComparer.Ordinal);
        if (!root.TryGetProperty(LlmAnswerSchema.ScorecardField, out var value))
        {
            return verdicts;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new ScoringException($"field '{LlmAnswerSchema.ScorecardField}' must be an object.");
        }

        foreach (var category in categories)
        {
            if (!value.TryGetProperty(category.Key, out var item))
            {
                continue;
            }

            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new ScoringException($"{LlmAnswerSchema.ScorecardField}.{category.Key} must be an object.");
            }

            var name = $"{LlmAnswerSchema.ScorecardField}.{category.Key}.score";
            var score = category.Scale == ScorecardScales.PassFail ? NullableInt(item, "score", 0, 1, name) : NullableInt(item, "score", 1, 5, name);
            if (score is null && !category.NotApplicableAllowed)
            {
                throw new ScoringException($"field '{name}' must not be null: N/A is not allowed for {category.Name}.");
            }

            verdicts[category.Key] = new CategoryVerdict(score, Empty(Cut(Str(item, "reason"), LlmAnswerSchema.ReasonMax)));
        }

        return verdicts;
    }

    private static string Cut(string text, int max) => TextLimits.Shorten(text, max);

    private static string? Empty(string text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private static string FirstWords(string text, int count)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= count ? text : string.Join(' ', words.Take(count));
    }

    private static string Preview(string text) => text.Length <= 500 ? text : text[..500];
}
