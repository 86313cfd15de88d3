using JiraQuality.Core.Conversations;


namespace JiraQuality.Core.Ingestion.Prepared;

/// <summary>
/// Normalises tickets from any source into conversations and upserts them by issue key with a content
/// hash, atomically per batch. The CSV import, the Jira sync and the webhook all go through it.
/// </summary>
public interface ITicketIngestor
{
    Task<IngestBatchResult> IngestAsync(IReadOnlyList<JiraTicket> tickets, CancellationToken cancellationToken);
}
