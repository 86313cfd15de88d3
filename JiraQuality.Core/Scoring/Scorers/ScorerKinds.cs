namespace JiraQuality.Core.Scoring.Scorers;

public static class ScorerKinds
{
    public const string Heuristic = "heuristic";
    public const string Llm = "llm";
    public const string Imported = "imported";
}
