using JiraQuality.Core.Scoring.Scorers;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>What one processing run should do.</summary>
public sealed record ProcessingRequest
{
    public ScorerSelection Scorer { get; init; } = new();

    /// <summary>At most this many conversations; null is all that are pending.</summary>
    public int? Limit { get; init; }

    /// <summary>Only these tickets. With <see cref="Force"/> they are re-scored whatever their state.</summary>
    public IReadOnlyList<string>? IssueKeys { get; init; }

    /// <summary>Re-score the selected tickets even when they are up to date.</summary>
    public bool Force { get; init; }

    /// <summary>Include rows imported from the predecessor's CSVs (left alone otherwise).</summary>
    public bool IncludeImported { get; init; }

    /// <summary>Only rows currently scored by this kind (heuristic, llm, imported); for rescoring a filter.</summary>
    public string? OnlyScorerKind { get; init; }

    public int? Concurrency { get; init; }
    public double? BudgetUsd { get; init; }
    public Guid? JobId { get; init; }
}
