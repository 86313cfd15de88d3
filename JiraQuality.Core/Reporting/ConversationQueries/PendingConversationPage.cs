namespace JiraQuality.Core.Reporting.ConversationQueries;

public sealed record PendingConversationPage(IReadOnlyList<PendingConversationItem> Items, int Total, int Page, int PageSize);
