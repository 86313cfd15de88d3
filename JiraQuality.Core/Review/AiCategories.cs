namespace JiraQuality.Core.Review;

/// <summary>The AI's three scores; every scorecard has them, always on the 1–5 scale.</summary>
public static class AiCategories
{
    public const string ConversationRating = "conversation_rating";
    public const string AgentScore = "agent_score";
    public const string CustomerScore = "customer_score";

    public static readonly IReadOnlyList<string> All = [ConversationRating, AgentScore, CustomerScore];

    public static bool IsAi(string key) => All.Contains(key, StringComparer.Ordinal);

    /// <summary>The name the stored score reasons use for this category ("agent" for agent_score).</summary>
    public static string? ExplanationName(string key) => key switch
    {
        ConversationRating => "conversation",
        AgentScore => "agent",
        CustomerScore => "customer",
        _ => null,
    };

    /// <summary>
    /// The AI score of a category on a stored conversation, or null when the AI gave none: the three AI scores from
    /// their columns, the scorecard's own categories from the verdicts stored with the assessment.
    /// </summary>
    public static double? ScoreOf(string key, Scoring.Processing.ProcessedConversation row) =>
        ScoreOf(key, row.ConversationRating, row.AgentScore, row.CustomerScore, row.ScoreReasonsJson);

    /// <inheritdoc cref="ScoreOf(string, Scoring.Processing.ProcessedConversation)"/>
    public static double? ScoreOf(string key, Reporting.ConversationQueries.ProcessedConversationDto row) =>
        ScoreOf(key, row.ConversationRating, row.AgentScore, row.CustomerScore, row.ScoreReasonsJson);

    /// <summary>The scorer's verdict on one of the scorecard's own categories, or null when it gave none (N/A).</summary>
    public static Scoring.Scorers.CategoryVerdict? VerdictOf(string key, Scoring.Processing.ProcessedConversation row) => VerdictOf(key, row.ScoreReasonsJson);

    /// <inheritdoc cref="VerdictOf(string, Scoring.Processing.ProcessedConversation)"/>
    public static Scoring.Scorers.CategoryVerdict? VerdictOf(string key, Reporting.ConversationQueries.ProcessedConversationDto row) => VerdictOf(key, row.ScoreReasonsJson);

    private static double? ScoreOf(string key, double? conversationRating, double? agentScore, double? customerScore, string? scoreReasonsJson) => key switch
    {
        ConversationRating => conversationRating,
        AgentScore => agentScore,
        CustomerScore => customerScore,
        _ => VerdictOf(key, scoreReasonsJson)?.Score,
    };

    private static Scoring.Scorers.CategoryVerdict? VerdictOf(string key, string? scoreReasonsJson)
    {
        if (IsAi(key) || string.IsNullOrWhiteSpace(scoreReasonsJson) || !scoreReasonsJson.Contains("\"categories\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return Scoring.Scorers.AssessmentDetails.FromJson(scoreReasonsJson)?.Categories is { } verdicts
                && verdicts.FirstOrDefault(v => string.Equals(v.Key, key, StringComparison.OrdinalIgnoreCase)).Value is { } verdict
                ? verdict
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            // Details written by an older or foreign scorer that do not parse carry no verdicts.
            return null;
        }
    }
}
