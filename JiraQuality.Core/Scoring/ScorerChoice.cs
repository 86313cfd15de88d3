namespace JiraQuality.Core.Scoring;

public static class ScorerChoice
{
    public const string Auto = "auto";
    public const string Heuristic = "heuristic";
    public const string Llm = "llm";
}
