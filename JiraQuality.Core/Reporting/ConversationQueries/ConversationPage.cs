namespace JiraQuality.Core.Reporting.ConversationQueries;

public sealed record ConversationPage(IReadOnlyList<ConversationListItem> Items, int Total, int Page, int PageSize);
