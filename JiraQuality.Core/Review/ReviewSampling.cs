namespace JiraQuality.Core.Review;

/// <summary>How an assignment picks its conversations.</summary>
public static class ReviewSampling
{
    public const string Random = "random";
    public const string LowestAiScores = "lowest-ai-scores";
    public const string CustomerAbuse = "customer-abuse";
    public const string SlaBreach = "sla-breach";
    public const string Unresolved = "unresolved";
    public const string Escalated = "escalated";
    public const string ScorerDisagreement = "scorer-disagreement";

    /// <summary>How far apart (in points, on the rating or the agent score) the heuristic and the LLM must be to be sampled.</summary>
    public const double DisagreementPoints = 1;

    public static readonly IReadOnlyList<string> All = [Random, LowestAiScores, CustomerAbuse, SlaBreach, Unresolved, Escalated, ScorerDisagreement];

    public static string Describe(string sampling) => sampling switch
    {
        Random => "random",
        LowestAiScores => "lowest AI scores first",
        CustomerAbuse => "customer abuse",
        SlaBreach => "first response later than 15 minutes",
        Unresolved => "unresolved",
        Escalated => "escalated or handed over",
        ScorerDisagreement => "heuristic and LLM disagree (largest gap first)",
        _ => sampling,
    };
}
