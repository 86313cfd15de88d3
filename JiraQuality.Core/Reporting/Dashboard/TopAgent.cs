namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>A ranked agent: <see cref="AdjustedScore"/> is the mean pulled towards the team mean by the prior weight.</summary>
public sealed record TopAgent(string Agent, string? Tier, long ScoredConversations, double MeanScore, double AdjustedScore);
