using System.Text.Json;
using System.Text.Json.Serialization;

namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>
/// The parts of an assessment the dashboard shows but never filters on, stored as JSON in
/// <c>score_reasons_json</c>: score reasons, the LLM's own language judgement, heuristic highlights,
/// verdicts on the scorecard's own categories, reasoning tokens and, for imported rows, where they came from.
/// </summary>
public sealed record AssessmentDetails
{
    public IReadOnlyDictionary<string, ScoreReason>? Reasons { get; init; }
    public LanguageJudgement? LlmLanguage { get; init; }
    public string? Highlights { get; init; }

    /// <summary>The scorer's verdicts on the scorecard's own categories, by category key.</summary>
    public IReadOnlyDictionary<string, CategoryVerdict>? Categories { get; init; }
    public int? ReasoningTokens { get; init; }
    public string? ImportedFrom { get; init; }
    public string? MetricsVersion { get; init; }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static AssessmentDetails? FromJson(string? json) =>
        string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<AssessmentDetails>(json, JsonOptions);
}
