namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>What a run asks of the scorer; nulls fall back to the settings.</summary>
public sealed record ScorerSelection
{
    /// <summary>Forces the heuristic scorer.</summary>
    public bool NoLlm { get; init; }

    /// <summary>Forces the LLM scorer with this model.</summary>
    public string? Model { get; init; }

    public string? TaxonomyFile { get; init; }
}
