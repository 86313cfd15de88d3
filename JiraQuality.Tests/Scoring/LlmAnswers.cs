using System.Text.Json.Nodes;

namespace JiraQuality.Tests.Scoring;

/// <summary>Answers an LLM could give for the worked example, valid unless a test changes them.</summary>
internal static class LlmAnswers
{
    public static JsonObject Valid(string contactReason = "Hardware fault") => new()
    {
        ["summary"] = "Customer could not release a bike; agent released it remotely and the customer confirmed.",
        ["conversation_rating"] = 5,
        ["agent_score"] = 4,
        ["customer_score"] = 5,
        ["score_reasons"] = new JsonObject
        {
            ["conversation_rating"] = Reason("Resolved with thanks.", 6, 7),
            ["agent_score"] = Reason("Asked for the ID and fixed it remotely.", 3, 6),
            ["customer_score"] = Reason("Explicit thanks at the end.", 7),
        },
        ["resolved"] = true,
        ["resolution_message_index"] = 6,
        ["resolution_timestamp"] = "2025-11-03T09:20:00Z",
        ["resolution_why"] = "Agent released the bike remotely (message 6).",
        ["problem_extract"] = "The dock would not release the customer's bike.",
        ["resolution_extract"] = "Agent released the bike remotely.",
        ["steps"] = new JsonArray("Asked for the bike ID", "Released the bike remotely"),
        ["contact_reason"] = contactReason,
        ["contact_reason_changed"] = true,
        ["reason_override_why"] = "The problem was the dock hardware.",
        ["customer_sentiment_primary"] = "Convenience",
        ["customer_sentiment_scores"] = new JsonObject
        {
            ["Delight"] = 0.1,
            ["Convenience"] = 0.5,
            ["Trust"] = 0.1,
            ["Frustration"] = 0.1,
            ["Disappointment"] = 0,
            ["Concern"] = 0,
            ["Hostility"] = 0,
            ["Neutral"] = 0.2,
        },
        ["agent_profanity_detected"] = false,
        ["agent_profanity_count"] = 0,
        ["customer_abuse_detected"] = false,
        ["customer_abuse_count"] = 0,
        ["improvement_tip"] = "Acknowledge the follow-up sooner when the customer chases.",
    };

    /// <summary>For the three-message tickets of <see cref="ScoringTestSupport.Tickets"/>.</summary>
    public static JsonObject ForShortThread()
    {
        var answer = Valid();
        answer["resolution_message_index"] = 3;
        answer["score_reasons"] = new JsonObject
        {
            ["conversation_rating"] = Reason("Resolved with thanks.", 3),
            ["agent_score"] = Reason("Escalated at once.", 2),
            ["customer_score"] = Reason("Explicit thanks.", 3),
        };
        return answer;
    }

    public static JsonObject With(string field, JsonNode? value)
    {
        var answer = Valid();
        answer[field] = value;
        return answer;
    }

    private static JsonObject Reason(string text, params int[] messages) => new()
    {
        ["reason"] = text,
        ["messages"] = new JsonArray([.. messages.Select(m => (JsonNode)m)]),
    };
}
