using System.Globalization;
using System.Text.Json;

namespace JiraQuality.Core.Jira.Client;

/// <summary>
/// Jira Service Management's own figures for a request, kept beside the timings we derive from the thread.
/// </summary>
public sealed record JiraServiceDeskData(JsonElement? Sla, JsonElement? Feedback)
{
    public void AddTo(IDictionary<string, string> customFields)
    {
        if (Sla is { ValueKind: JsonValueKind.Object } sla && sla.TryGetProperty("values", out var metrics) && metrics.ValueKind == JsonValueKind.Array)
        {
            foreach (var metric in metrics.EnumerateArray())
            {
                var name = Slug(JiraJson.String(metric, "name") ?? "");
                if (name.Length == 0)
                {
                    continue;
                }

                var cycles = metric.TryGetProperty("completedCycles", out var completed) && completed.ValueKind == JsonValueKind.Array
                    ? completed.EnumerateArray().ToList()
                    : [];
                if (JiraJson.Object(metric, "ongoingCycle") is { } ongoing)
                {
                    cycles.Add(ongoing);
                }

                if (cycles.Count == 0)
                {
                    continue;
                }

                customFields[$"jsm_sla_{name}_breached"] = cycles.Any(c => c.TryGetProperty("breached", out var b) && b.ValueKind == JsonValueKind.True) ? "true" : "false";
                var elapsed = cycles.Select(c => JiraJson.Object(c, "elapsedTime") is { } e && e.TryGetProperty("millis", out var ms) && ms.TryGetInt64(out var v) ? v : 0).Sum();
                customFields[$"jsm_sla_{name}_elapsed_minutes"] = (elapsed / 60000.0).ToString("0.##", CultureInfo.InvariantCulture);
                customFields[$"jsm_sla_{name}_cycles"] = cycles.Count.ToString(CultureInfo.InvariantCulture);
            }
        }

        if (Feedback is { ValueKind: JsonValueKind.Object } feedback && feedback.TryGetProperty("rating", out var rating) && rating.TryGetInt32(out var stars))
        {
            customFields["jsm_csat_rating"] = stars.ToString(CultureInfo.InvariantCulture);
            if (!customFields.ContainsKey("satisfaction_rating"))
            {
                customFields["satisfaction_rating"] = stars.ToString(CultureInfo.InvariantCulture);
            }

            if (JiraJson.Object(feedback, "comment") is { } comment && JiraJson.String(comment, "body") is { Length: > 0 } body)
            {
                customFields["jsm_csat_comment"] = body.Trim();
            }
        }
    }

    private static string Slug(string name) =>
        string.Concat(name.Trim().ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '_')).Trim('_');
}
