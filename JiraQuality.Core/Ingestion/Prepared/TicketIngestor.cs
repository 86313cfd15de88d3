using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Normalising;
using JiraQuality.Core.Ingestion.Roles;


namespace JiraQuality.Core.Ingestion.Prepared;

/// <summary>
/// The one way tickets enter storage, whatever their source (CSV import, Jira sync, webhook): normalise
/// with the current agent directory, then upsert the batch atomically by issue key and content hash.
/// </summary>
public sealed class TicketIngestor(AgentDirectoryService agentDirectory, PreparedConversationStore store, IngestionOptions options) : ITicketIngestor
{
    public async Task<IngestBatchResult> IngestAsync(IReadOnlyList<JiraTicket> tickets, CancellationToken cancellationToken)
    {
        var (result, _) = await IngestWithConversationsAsync(tickets, cancellationToken);
        return result;
    }

    /// <summary>Like <see cref="IngestAsync"/>, and also returns the conversations as stored (for a JSONL copy).</summary>
    public async Task<(IngestBatchResult Result, IReadOnlyList<Conversation> Conversations)> IngestWithConversationsAsync(
        IReadOnlyList<JiraTicket> tickets, CancellationToken cancellationToken)
    {
        if (tickets.Count == 0)
        {
            return (IngestBatchResult.Empty, []);
        }

        var normalizer = await CreateNormalizerAsync(cancellationToken);
        var conversations = new List<Conversation>(tickets.Count);
        foreach (var ticket in tickets)
        {
            conversations.Add(normalizer.Normalize(ticket));
        }

        var result = await store.UpsertAsync(conversations, cancellationToken);
        return (result, conversations);
    }

    /// <summary>A normaliser bound to the agent directory as it is now, the assignees of stored tickets and the marked customers.</summary>
    public async Task<ConversationNormalizer> CreateNormalizerAsync(CancellationToken cancellationToken)
    {
        var snapshot = await agentDirectory.GetSnapshotAsync(cancellationToken);
        return CreateNormalizer(snapshot, await GetRoleEvidenceAsync(cancellationToken));
    }

    /// <summary>Assignees of stored tickets: agents wherever they comment.</summary>
    public Task<IReadOnlyList<string>> GetKnownAssigneesAsync(CancellationToken cancellationToken) => store.GetKnownAssigneesAsync(cancellationToken);

    /// <summary>What storage knows about people beyond one ticket: assignees of stored tickets and marked customers.</summary>
    public async Task<RoleEvidence> GetRoleEvidenceAsync(CancellationToken cancellationToken) =>
        new(await store.GetKnownAssigneesAsync(cancellationToken), await store.GetKnownCustomersAsync(cancellationToken));

    /// <summary>A normaliser bound to the given agent directory and evidence, set up exactly as imports set it up.</summary>
    public ConversationNormalizer CreateNormalizer(AgentDirectorySnapshot directory, RoleEvidence? evidence = null) =>
        new(new RoleResolver(options, directory, evidence), new ConversationTrimmer(options.TokenBudget), options.InferInternalNotes);
}
