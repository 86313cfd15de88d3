namespace JiraQuality.Core.Scoring.Scorers;

public sealed record LanguageJudgement(bool AgentProfanityDetected, int AgentProfanityCount, bool CustomerAbuseDetected, int CustomerAbuseCount);
