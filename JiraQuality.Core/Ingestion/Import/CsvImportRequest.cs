using JiraQuality.Core.Conversations;

namespace JiraQuality.Core.Ingestion.Import;

/// <summary>Options of one import run.</summary>
public sealed record CsvImportRequest
{
    /// <summary>Added to every timestamp read (the sample export is moved to the present this way).</summary>
    public TimeSpan TimeShift { get; init; }

    /// <summary>Called with every stored batch, in file order (e.g. to write a JSONL copy).</summary>
    public Func<IReadOnlyList<Conversation>, CancellationToken, Task>? OnBatchStored { get; init; }
}
