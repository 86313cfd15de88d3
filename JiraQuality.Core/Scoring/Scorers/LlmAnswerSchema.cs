using System.Text.Json.Nodes;
using JiraQuality.Core.Review;
using JiraQuality.Core.Scoring.Taxonomy;

namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>
/// The one source of truth for the LLM's answer: the strict JSON schema sent with every request and the field
/// guide rendered into the prompt both come from <see cref="Fields"/>.
/// </summary>
public static class LlmAnswerSchema
{
    public const string Name = "conversation_quality";

    public static readonly IReadOnlyList<string> SentimentLabels =
        ["Delight", "Convenience", "Trust", "Frustration", "Disappointment", "Concern", "Hostility", "Neutral"];

    public const int SummaryMax = 250;
    public const int ExtractMax = 250;
    public const int WhyMax = 600;
    public const int TipMax = 200;
    public const int StepMax = 300;
    public const int StepsMax = 8;
    public const int ReasonMax = 300;

    /// <summary>The field holding the verdicts on the scorecard's own categories (present only when it has some).</summary>
    public const string ScorecardField = "scorecard";

    /// <summary>
    /// Name, JSON schema of the value, and the instruction shown to the model. <paramref name="customCategories"/> (the
    /// scorecard's own categories) add a <see cref="ScorecardField"/> object with one score and reason per category,
    /// each described by the category's name and description, as custom AutoQA categories are.
    /// </summary>
    public static IReadOnlyList<(string Name, JsonObject Schema, string Guide)> Fields(ContactReasonTaxonomy taxonomy, IReadOnlyList<ScorecardCategory>? customCategories = null)
    {
        var fields = BaseFields(taxonomy);
        return customCategories is not { Count: > 0 }
            ? fields
            : [.. fields, (ScorecardField, ScorecardSchema(customCategories),
                $"A score and a reason of at most {ReasonMax} characters for every scorecard category listed below; pass/fail categories are 1 (pass) or 0 (fail); null only where N/A is allowed.")];
    }

    /// <summary>How one scorecard category is described to the model (in its schema and in the prompt).</summary>
    public static string Describe(ScorecardCategory category)
    {
        var scale = category.Scale == ScorecardScales.PassFail ? "pass/fail: 1 pass, 0 fail" : "integer 1-5, 5 best";
        var notApplicable = category.NotApplicableAllowed ? "; null when it does not apply" : "";
        var description = string.IsNullOrWhiteSpace(category.Description) ? "" : ": " + category.Description.Trim();
        return $"{category.Name} ({scale}{notApplicable}){description}";
    }

    private static IReadOnlyList<(string Name, JsonObject Schema, string Guide)> BaseFields(ContactReasonTaxonomy taxonomy) =>
    [
        ("summary", Str(), $"What happened, in at most {SummaryMax} characters."),
        ("conversation_rating", Int(1, 5), "Overall conversation quality, integer 1-5 (rubric below)."),
        ("agent_score", Int(1, 5), "Agent performance, integer 1-5 (rubric below)."),
        ("customer_score", Int(1, 5), "Customer's end state and satisfaction, integer 1-5 (rubric below)."),
        ("score_reasons", ScoreReasonsSchema(), $"For each score a reason of at most {ReasonMax} characters and the message numbers it rests on."),
        ("resolved", Bool(), "Whether the customer's problem was solved in this conversation."),
        ("resolution_message_index", Nullable(Int(1, null)), "Number of the message that resolved the problem; null when unresolved."),
        ("resolution_timestamp", Nullable(Str()), "Timestamp of that message as shown in the transcript; null when unresolved."),
        ("resolution_why", Str(), $"The decisive action or why it stayed unresolved, at most {WhyMax} characters."),
        ("problem_extract", Str(), $"The customer's problem in one concrete sentence, at most {ExtractMax} characters."),
        ("resolution_extract", Str(), "The fix in under 15 words; empty when unresolved."),
        ("steps", new JsonObject { ["type"] = "array", ["items"] = Str(), ["maxItems"] = StepsMax },
            $"The agent's concrete actions in order, at most {StepsMax}, each at most {StepMax} characters; no small talk."),
        ("contact_reason", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. taxonomy.Labels.Select(l => (JsonNode)l)]) },
            "The contact reason from the taxonomy that fits the customer's problem (Other when none does)."),
        ("contact_reason_changed", Bool(), "True when your contact reason differs from the agent's original one."),
        ("reason_override_why", Str(), $"Why it differs, quoting short phrases or message numbers, at most {WhyMax} characters; empty when unchanged."),
        ("customer_sentiment_primary", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. SentimentLabels.Select(l => (JsonNode)l)]) },
            "The customer's dominant sentiment at the end of the conversation."),
        ("customer_sentiment_scores", SentimentScoresSchema(), "A weight in [0,1] for every sentiment label; the weights sum to 1."),
        ("agent_profanity_detected", Bool(), "Profanity, insults or slurs written by the agent."),
        ("agent_profanity_count", Int(0, null), "How many such expressions the agent wrote."),
        ("customer_abuse_detected", Bool(), "Insults, slurs or profanity aimed by the customer at the agent or the company (swearing about the issue itself does not count)."),
        ("customer_abuse_count", Int(0, null), "How many such expressions the customer wrote."),
        ("improvement_tip", Str(), $"One actionable coaching tip for the agent, at most {TipMax} characters."),
    ];

    public static JsonObject Build(ContactReasonTaxonomy taxonomy, IReadOnlyList<ScorecardCategory>? customCategories = null)
    {
        var fields = Fields(taxonomy, customCategories);
        var properties = new JsonObject();
        foreach (var (name, schema, guide) in fields)
        {
            var copy = (JsonObject)schema.DeepClone();
            copy["description"] = guide;
            properties[name] = copy;
        }

        return Object(properties, fields.Select(f => f.Name));
    }

    private static JsonObject ScoreReasonsSchema()
    {
        var reason = Object(
            new JsonObject
            {
                ["reason"] = Str(),
                ["messages"] = new JsonObject { ["type"] = "array", ["items"] = Int(1, null) },
            },
            ["reason", "messages"]);
        return Object(
            new JsonObject
            {
                ["conversation_rating"] = reason.DeepClone(),
                ["agent_score"] = reason.DeepClone(),
                ["customer_score"] = reason.DeepClone(),
            },
            ["conversation_rating", "agent_score", "customer_score"]);
    }

    private static JsonObject ScorecardSchema(IReadOnlyList<ScorecardCategory> categories)
    {
        var properties = new JsonObject();
        foreach (var category in categories)
        {
            var score = category.Scale == ScorecardScales.PassFail ? Int(0, 1) : Int(1, 5);
            var verdict = Object(
                new JsonObject
                {
                    ["score"] = category.NotApplicableAllowed ? Nullable(score) : score,
                    ["reason"] = Str(),
                },
                ["score", "reason"]);
            verdict["description"] = Describe(category);
            properties[category.Key] = verdict;
        }

        return Object(properties, categories.Select(c => c.Key));
    }

    private static JsonObject SentimentScoresSchema()
    {
        var properties = new JsonObject();
        foreach (var label in SentimentLabels)
        {
            properties[label] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 };
        }

        return Object(properties, SentimentLabels);
    }

    private static JsonObject Object(JsonObject properties, IEnumerable<string> required) => new()
    {
        ["type"] = "object",
        ["properties"] = properties,
        ["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]),
        ["additionalProperties"] = false,
    };

    private static JsonObject Str() => new() { ["type"] = "string" };

    private static JsonObject Bool() => new() { ["type"] = "boolean" };

    private static JsonObject Int(int? minimum, int? maximum)
    {
        var schema = new JsonObject { ["type"] = "integer" };
        if (minimum is not null)
        {
            schema["minimum"] = minimum;
        }

        if (maximum is not null)
        {
            schema["maximum"] = maximum;
        }

        return schema;
    }

    private static JsonObject Nullable(JsonObject schema)
    {
        var copy = (JsonObject)schema.DeepClone();
        copy["type"] = new JsonArray(schema["type"]!.GetValue<string>(), "null");
        return copy;
    }
}
