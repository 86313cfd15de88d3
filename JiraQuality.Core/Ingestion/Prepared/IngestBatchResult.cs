namespace JiraQuality.Core.Ingestion.Prepared;

/// <summary>What one batch did: created, updated (content changed, so pending again), unchanged.</summary>
public sealed record IngestBatchResult(int Created, int Updated, int Unchanged, IReadOnlyList<string> Warnings)
{
    public static readonly IngestBatchResult Empty = new(0, 0, 0, []);
}
