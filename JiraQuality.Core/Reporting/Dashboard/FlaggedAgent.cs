namespace JiraQuality.Core.Reporting.Dashboard;

public sealed record FlaggedAgent(string Agent, string? Tier, long ProfaneConversations, long Conversations, long ProfanityHits, double Share);
