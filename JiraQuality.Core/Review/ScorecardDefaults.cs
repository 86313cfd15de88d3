namespace JiraQuality.Core.Review;

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
