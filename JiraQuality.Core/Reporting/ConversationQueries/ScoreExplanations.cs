using System.Text.Json;
using JiraQuality.Core.Scoring.Processing;

namespace JiraQuality.Core.Reporting.ConversationQueries;

/// <summary>Reads the scorer's per-score reasons and cited message numbers, tolerating the shapes scorers write.</summary>
public static class ScoreExplanations
{
    private static readonly string[] ReasonNames = ["reason", "why", "explanation", "rationale", "justification"];
    private static readonly string[] EvidenceNames = ["evidence", "messages", "citedMessages", "cited_messages", "messageIndexes", "message_indexes", "evidenceMessages", "evidence_messages"];
    private static readonly string[] NameNames = ["name", "score", "kind", "metric"];

    public static IReadOnlyList<ScoreExplanation> Parse(ProcessedConversation row)
    {
        var scores = new Dictionary<string, double?>(StringComparer.OrdinalIgnoreCase)
        {
            ["conversation"] = row.ConversationRating,
            ["agent"] = row.AgentScore,
            ["customer"] = row.CustomerScore,
        };
        var parsed = new List<ScoreExplanation>();
        if (!string.IsNullOrWhiteSpace(row.ScoreReasonsJson))
        {
            try
            {
                using var document = JsonDocument.Parse(row.ScoreReasonsJson);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    // The stored details (AssessmentDetails) keep the reasons under "reasons", beside the language
                    // judgement, highlights and versions, which are not scores; a bare object of reasons is read as well.
                    var reasons = TryGetProperty(document.RootElement, "reasons", out var nested) && nested.ValueKind == JsonValueKind.Object
                        ? nested
                        : document.RootElement;
                    foreach (var property in reasons.EnumerateObject())
                    {
                        var name = NameOf(property.Name);
                        if (scores.ContainsKey(name) && !parsed.Any(p => p.Name == name))
                        {
                            parsed.Add(Read(name, property.Value, scores));
                        }
                    }
                }
                else if (document.RootElement.ValueKind == JsonValueKind.Array)
                {
                    foreach (var element in document.RootElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
                    {
                        var name = NameOf(NameNames.Select(n => element.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
                            .FirstOrDefault(n => n is not null) ?? "score");
                        if (scores.ContainsKey(name) && !parsed.Any(p => p.Name == name))
                        {
                            parsed.Add(Read(name, element, scores));
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // A malformed explanation must not hide the scores themselves.
            }
        }

        foreach (var (name, score) in scores)
        {
            if (score is not null && !parsed.Any(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                parsed.Add(new ScoreExplanation(name, score, null, []));
            }
        }

        return parsed.OrderBy(p => Order(p.Name)).ToList();
    }

    /// <summary>
    /// The score a reason belongs to: the LLM writes <c>conversation_rating</c>, <c>agent_score</c> and
    /// <c>customer_score</c>, the heuristic <c>rating</c> and <c>agent</c>.
    /// </summary>
    private static string NameOf(string raw)
    {
        var name = raw.Replace("_score", "", StringComparison.OrdinalIgnoreCase).Replace("Score", "", StringComparison.Ordinal)
            .Replace("_rating", "", StringComparison.OrdinalIgnoreCase).Replace("Rating", "", StringComparison.Ordinal).Trim().ToLowerInvariant();
        return name is "rating" or "" ? (raw.Contains("rating", StringComparison.OrdinalIgnoreCase) ? "conversation" : raw.ToLowerInvariant()) : name;
    }

    private static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static int Order(string name) => name switch
    {
        "conversation" => 0,
        "agent" => 1,
        "customer" => 2,
        _ => 3,
    };

    private static ScoreExplanation Read(string name, JsonElement value, Dictionary<string, double?> scores)
    {
        scores.TryGetValue(name, out var score);
        if (value.ValueKind == JsonValueKind.String)
        {
            return new ScoreExplanation(name, score, value.GetString(), []);
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return new ScoreExplanation(name, score, null, []);
        }

        string? reason = null;
        foreach (var candidate in ReasonNames)
        {
            if (value.TryGetProperty(candidate, out var r) && r.ValueKind == JsonValueKind.String)
            {
                reason = r.GetString();
                break;
            }
        }

        if (score is null && value.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number)
        {
            score = v.GetDouble();
        }

        var evidence = new List<int>();
        foreach (var candidate in EvidenceNames)
        {
            if (value.TryGetProperty(candidate, out var e) && e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Number && item.TryGetInt32(out var index))
                    {
                        evidence.Add(index);
                    }
                    else if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("index", out var i) && i.TryGetInt32(out var nested))
                    {
                        evidence.Add(nested);
                    }
                }

                break;
            }
        }

        return new ScoreExplanation(name, score, reason, evidence.Distinct().Order().ToList());
    }
}
