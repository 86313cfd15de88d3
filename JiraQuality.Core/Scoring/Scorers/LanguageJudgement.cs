using JiraQuality.Core.Conversations;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Scoring.Taxonomy;


namespace JiraQuality.Core.Scoring.Scorers;

public sealed record LanguageJudgement(bool AgentProfanityDetected, int AgentProfanityCount, bool CustomerAbuseDetected, int CustomerAbuseCount);
