using System.Globalization;
using System.Text;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Review;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Scoring.Taxonomy;

namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>Our versioned prompt. It carries redacted text only: no author ids, names, reporter or summary.</summary>
public static class LlmPrompt
{
    /// <summary>Bump on any change to the wording, rubric or schema: stored with every score, and a new one re-scores.</summary>
    public const string Version = "p1";

    /// <summary>
    /// The version stored with a score: <see cref="Version"/>, followed by the fingerprint of the scorecard's own
    /// categories when the prompt scores some, so agreement per prompt version compares like with like after a
    /// category is added or reworded.
    /// </summary>
    public static string VersionFor(IReadOnlyList<ScorecardCategory>? customCategories) =>
        customCategories is { Count: > 0 } ? $"{Version}.{ScorecardScoring.Fingerprint(customCategories)}" : Version;

    public const string System =
        "You are a careful quality analyst for an IT service desk. You read one support conversation and judge it " +
        "against the rubric. Answer with the JSON object the response schema describes and nothing else. " +
        "Personal data in the transcript has been replaced by placeholders such as [email]; never guess it.";

    private const string Rubric = """
        Scale: 1 Very poor, 2 Poor, 3 Adequate, 4 Good, 5 Excellent.
        conversation_rating: 5 resolved with a positive end (Delight, Convenience or Trust); 4 resolved with a neutral end, or frustration that turned neutral, little unnecessary customer effort; 3 unresolved but a next step is agreed and no harm done; 2 unresolved with a misclassification left uncorrected or a long back-and-forth with little progress; 1 wrong or unsafe guidance, a policy breach, or escalating hostility.
        agent_score: 5 correct or justified reason, at least two concrete steps, a fix or a clear path to one, clear instructions; 4 a small miss that was corrected, minor clarity gaps; 3 partial or vague help, one key step missed; 2 wrong or uncorrected classification, or speculative help with few actions; 1 harmful, rude or vulgar, or no actionable help.
        customer_score: 5 explicit positive closure, or Delight/Trust at the end; 4 polite thanks without enthusiasm, a neutral end; 3 neutral acceptance without evidence the issue was closed; 2 remaining doubt, mild frustration or concern, or abandonment; 1 hostility or disappointment, or profanity aimed at the agent or company (swearing about the issue itself is acceptable).
        """;

    public static string User(Conversation conversation, ConversationMetrics metrics, ContactReasonTaxonomy taxonomy, int hintsPerLabel, IReadOnlyList<ScorecardCategory>? customCategories = null)
    {
        var text = new StringBuilder(4096);
        text.Append("Ticket: ").Append(conversation.IssueKey)
            .Append("; status: ").Append(Or(conversation.Status, "unknown"))
            .Append("; resolution: ").Append(Or(conversation.Resolution, "none")).Append('\n');
        text.Append("Conversation: ").Append(Iso(metrics.ConversationStartUtc)).Append(" to ").Append(Iso(metrics.ConversationEndUtc))
            .Append("; messages: ").Append(metrics.MessagesTotal.ToString(CultureInfo.InvariantCulture))
            .Append(" (agent ").Append(metrics.MessagesAgent.ToString(CultureInfo.InvariantCulture))
            .Append(", customer ").Append(metrics.MessagesCustomer.ToString(CultureInfo.InvariantCulture)).Append(")\n");
        conversation.CustomFields.TryGetValue(CustomFieldKeys.ContactReason, out var original);
        text.Append("Agent's contact reason: ").Append(Or(original ?? "", "not specified")).Append('\n');
        text.Append("\nContact reasons (choose one label exactly as written):\n");
        foreach (var reason in taxonomy.Reasons)
        {
            text.Append("- ").Append(reason.Label).Append('\n');
        }

        var hinted = taxonomy.Reasons.Where(r => r.Hints.Count > 0 && hintsPerLabel > 0).ToList();
        if (hinted.Count > 0)
        {
            // Hints sit in their own block so they are not copied into the label.
            text.Append("\nKeyword hints (never part of a label):\n");
            foreach (var reason in hinted)
            {
                text.Append("- ").Append(reason.Label).Append(" <- ")
                    .Append(string.Join(", ", reason.Hints.Distinct().Take(hintsPerLabel))).Append('\n');
            }
        }

        text.Append("\nTranscript (number. A agent / C customer / U unknown / N internal note: [UTC time] text):\n");
        if (conversation.Trim is { } trim)
        {
            text.Append("(").Append(trim.RemovedMessages.ToString(CultureInfo.InvariantCulture))
                .Append(" messages from the middle were left out to fit the length budget.)\n");
        }

        foreach (var message in conversation.Messages)
        {
            text.Append(message.Index.ToString("00", CultureInfo.InvariantCulture)).Append(". ")
                .Append(message.IsInternal ? 'N' : message.Role switch
                {
                    MessageRole.Agent => 'A',
                    MessageRole.Customer => 'C',
                    _ => 'U',
                })
                .Append(": [").Append(Iso(message.TimestampUtc)).Append("] ")
                .Append(message.RedactedText.ReplaceLineEndings(" ")).Append('\n');
        }

        text.Append("\nFill every field of the response schema:\n");
        foreach (var (name, _, guide) in LlmAnswerSchema.Fields(taxonomy, customCategories))
        {
            text.Append("- ").Append(name).Append(": ").Append(guide).Append('\n');
        }

        if (customCategories is { Count: > 0 })
        {
            text.Append("\nScorecard categories (").Append(LlmAnswerSchema.ScorecardField).Append(".<key>):\n");
            foreach (var category in customCategories)
            {
                text.Append("- ").Append(category.Key).Append(": ").Append(LlmAnswerSchema.Describe(category).ReplaceLineEndings(" ")).Append('\n');
            }
        }

        text.Append("\nRubric.\n").Append(Rubric).Append('\n');
        text.Append("Keep the tone factual and fit for managers; quote short phrases; no Markdown.\n");
        return text.ToString();
    }

    private static string Or(string value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();

    private static string Iso(DateTime? value) =>
        value is { } v ? v.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "unknown";
}
