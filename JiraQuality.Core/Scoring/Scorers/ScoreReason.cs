using JiraQuality.Core.Conversations;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Scoring.Taxonomy;


namespace JiraQuality.Core.Scoring.Scorers;

public sealed record ScoreReason(string Reason, IReadOnlyList<int> Messages);
