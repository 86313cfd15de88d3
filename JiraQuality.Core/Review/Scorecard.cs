using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace JiraQuality.Core.Review;

/// <summary>How a category is scored.</summary>
public static class ScorecardScales
{
    /// <summary>A whole number from 1 (poor) to 5 (excellent).</summary>
    public const string OneToFive = "1-5";

    /// <summary>Pass (stored as 1) or fail (stored as 0).</summary>
    public const string PassFail = "pass-fail";

    public static readonly IReadOnlyList<string> All = [OneToFive, PassFail];

    public static bool IsValidScore(string scale, double score) => scale == PassFail
        ? score is 0 or 1
        : score is >= 1 and <= 5 && score == Math.Floor(score);

    /// <summary>The score as a share of the best score: 1–5 maps to 0–1 in quarters, fail/pass to 0/1.</summary>
    public static double Normalised(string scale, double score) => scale == PassFail ? score : (score - 1) / 4;

    /// <summary>A critical category fails on "fail", or on the lowest score (1) of a 1–5 category.</summary>
    public static bool IsFail(string scale, double score) => scale == PassFail ? score == 0 : score <= 1;

    public static string Display(string scale, double? score) => score switch
    {
        null => "N/A",
        { } s when scale == PassFail => s >= 1 ? "pass" : "fail",
        { } s => s.ToString("0.#", CultureInfo.InvariantCulture),
    };
}

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

/// <summary>One category of a scorecard. <see cref="Key"/> never changes once given (reviews and exports use it).</summary>
public sealed record ScorecardCategory
{
    public string Key { get; init; } = "";
    public string Name { get; init; } = "";
    public string Scale { get; init; } = ScorecardScales.OneToFive;
    public double Weight { get; init; } = 1;
    public string Description { get; init; } = "";

    [JsonPropertyName("naAllowed")]
    public bool NotApplicableAllowed { get; init; }

    public bool Critical { get; init; }

    [JsonIgnore]
    public bool IsAi => AiCategories.IsAi(Key);
}

/// <summary>A scorecard as saved: edits make a new version; a review keeps the version it was scored on.</summary>
public sealed record Scorecard(int Version, IReadOnlyList<ScorecardCategory> Categories, DateTime CreatedAtUtc, string CreatedBy)
{
    public ScorecardCategory? Find(string key) => Categories.FirstOrDefault(c => string.Equals(c.Key, key, StringComparison.OrdinalIgnoreCase));

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal static string Serialise(IReadOnlyList<ScorecardCategory> categories) => JsonSerializer.Serialize(categories, Json);

    internal static IReadOnlyList<ScorecardCategory> Deserialise(string json) =>
        JsonSerializer.Deserialize<List<ScorecardCategory>>(json, Json) ?? [];
}

/// <summary>The scorecard a fresh installation starts with: the AI's three scores and Zendesk QA's built-in categories.</summary>
public static class ScorecardDefaults
{
    public static IReadOnlyList<ScorecardCategory> Categories { get; } =
    [
        new() { Key = AiCategories.ConversationRating, Name = "Conversation rating", Weight = 1, Description = "How well the conversation went overall, 1 (poor) to 5 (excellent)." },
        new() { Key = AiCategories.AgentScore, Name = "Agent score", Weight = 2, Description = "How well the agent handled the customer: accuracy, clarity, ownership." },
        new() { Key = AiCategories.CustomerScore, Name = "Customer score", Weight = 1, NotApplicableAllowed = true, Description = "How the customer behaved: clear, patient and respectful (N/A when the customer barely wrote)." },
        new() { Key = "greeting", Name = "Greeting", Scale = ScorecardScales.PassFail, Weight = 0.5, NotApplicableAllowed = true, Description = "The agent greeted the customer by name or politely in the first reply." },
        new() { Key = "empathy", Name = "Empathy", Weight = 1, Description = "The agent acknowledged the customer's situation and feelings." },
        new() { Key = "closing", Name = "Closing", Scale = ScorecardScales.PassFail, Weight = 0.5, NotApplicableAllowed = true, Description = "The agent closed the conversation properly: summary, next steps, thanks." },
        new() { Key = "solution_offered", Name = "Solution offered", Scale = ScorecardScales.PassFail, Weight = 2, Critical = true, Description = "The agent offered a correct solution or a clear path to one. A fail sets the review's total to 0." },
        new() { Key = "tone", Name = "Tone", Weight = 1, Description = "Friendly, professional tone suited to the customer." },
        new() { Key = "comprehension", Name = "Comprehension", Weight = 1, Description = "The agent understood the question without making the customer repeat it." },
        new() { Key = "readability", Name = "Readability", Weight = 0.5, Description = "Replies are easy to read: short paragraphs, plain words, clear steps." },
        new() { Key = "spelling", Name = "Spelling and grammar", Weight = 0.5, Description = "No spelling or grammar mistakes." },
    ];
}

/// <summary>Checks a scorecard before it is saved; each problem names the category's row and field.</summary>
public static class ScorecardValidation
{
    public const int MaxCategories = 40;
    public const int MaxNameLength = 80;
    public const int MaxDescriptionLength = 500;
    public const double MaxWeight = 100;

    public static IReadOnlyList<string> Validate(IReadOnlyList<ScorecardCategory> categories)
    {
        var problems = new List<string>();
        if (categories.Count > MaxCategories)
        {
            problems.Add($"A scorecard has at most {MaxCategories} categories.");
        }

        foreach (var ai in AiCategories.All)
        {
            if (!categories.Any(c => c.Key == ai))
            {
                problems.Add($"The AI category {ai} is always on the scorecard.");
            }
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < categories.Count; i++)
        {
            var category = categories[i];
            var row = $"Category {i + 1}";
            if (string.IsNullOrWhiteSpace(category.Name))
            {
                problems.Add($"{row}: a name is required.");
            }
            else if (category.Name.Trim().Length > MaxNameLength)
            {
                problems.Add($"{row}: the name is longer than {MaxNameLength} characters.");
            }
            else if (!names.Add(category.Name.Trim()))
            {
                problems.Add($"{row}: the name '{category.Name.Trim()}' is used twice.");
            }

            if (!string.IsNullOrWhiteSpace(category.Name) && (category.Key.Length == 0 || !keys.Add(category.Key)))
            {
                problems.Add($"{row}: the key '{category.Key}' is empty or used twice.");
            }

            if (!ScorecardScales.All.Contains(category.Scale))
            {
                problems.Add($"{row}: the scale must be one of {string.Join(", ", ScorecardScales.All)}.");
            }
            else if (category.IsAi && category.Scale != ScorecardScales.OneToFive)
            {
                problems.Add($"{row}: the AI category {category.Key} is scored 1–5.");
            }

            if (double.IsNaN(category.Weight) || category.Weight <= 0 || category.Weight > MaxWeight)
            {
                problems.Add($"{row}: the weight must be more than 0 and at most {MaxWeight.ToString(CultureInfo.InvariantCulture)}.");
            }

            if ((category.Description ?? "").Length > MaxDescriptionLength)
            {
                problems.Add($"{row}: the description is longer than {MaxDescriptionLength} characters.");
            }
        }

        return problems;
    }

    /// <summary>A stable key for a new category from its name: lower-case words joined by '_', unique among <paramref name="taken"/>.</summary>
    public static string KeyFor(string name, IEnumerable<string> taken)
    {
        var builder = new StringBuilder();
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }

        var key = builder.ToString().Trim('_');
        if (key.Length == 0)
        {
            key = "category";
        }

        key = key.Length > 60 ? key[..60] : key;
        var used = new HashSet<string>(taken, StringComparer.OrdinalIgnoreCase);
        var candidate = key;
        for (var n = 2; used.Contains(candidate); n++)
        {
            candidate = $"{key}_{n}";
        }

        return candidate;
    }
}
