namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>What came of one LLM call.</summary>
public static class LlmCallOutcomes
{
    /// <summary>The answer was accepted and stored.</summary>
    public const string Success = "success";

    /// <summary>The answer was rejected or the call failed, and the conversation was tried again.</summary>
    public const string Retry = "retry";

    /// <summary>The last attempt failed: the conversation stays unprocessed.</summary>
    public const string Failure = "failure";

    /// <summary>The endpoint answered 429; the call was repeated after its Retry-After.</summary>
    public const string RateLimited = "rate-limited";
}
