namespace JiraQuality.Web.Features.Conversations;

/// <summary>Small display rules shared by the parts of the conversation page.</summary>
public static class ConversationDisplay
{
    /// <summary>A stored time as UTC (SQLite hands back unspecified kinds).</summary>
    public static DateTime? Utc(DateTime? value) => JiraQuality.Core.Ingestion.Prepared.PreparedConversationMapping.AsUtc(value);
}
