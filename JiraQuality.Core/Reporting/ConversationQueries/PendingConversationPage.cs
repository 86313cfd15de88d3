using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Reporting.ConversationQueries;

public sealed record PendingConversationPage(IReadOnlyList<PendingConversationItem> Items, int Total, int Page, int PageSize);
