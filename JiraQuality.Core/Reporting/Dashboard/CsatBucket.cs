namespace JiraQuality.Core.Reporting.Dashboard;

/// <summary>One CSAT rating (1–5 stars) with the mean of our own scores over the conversations that got it.</summary>
public sealed record CsatBucket(int Rating, long Conversations, double? MeanAgentScore, double? MeanConversationScore);
