using JiraQuality.Core.Review;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Scoring.Taxonomy;

namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>Builds the scorer a run needs from the settings and the run's choices.</summary>
public sealed class ScorerFactory(
    IOptions<ScoringOptions> scoringOptions,
    IOptions<LlmOptions> llmOptions,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    LlmCallLedger? ledger = null,
    TaxonomyStore? taxonomyStore = null,
    ScorecardStore? scorecards = null)
{
    public ScoringOptions ScoringOptions => scoringOptions.Value;

    public LlmOptions LlmOptions => llmOptions.Value;

    /// <summary>Whether a run that asks for nothing in particular scores with the LLM.</summary>
    public bool UsesLlmByDefault => scoringOptions.Value.Scorer switch
    {
        ScorerChoice.Llm => true,
        ScorerChoice.Heuristic => false,
        _ => llmOptions.Value.IsConfigured,
    };

    public MetricsCalculator CreateMetrics() => new(scoringOptions.Value);

    /// <summary>The scorer for a run; the LLM scorer writes each call to the cost ledger under <paramref name="jobId"/>.</summary>
    public IConversationScorer Create(ScorerSelection selection, Guid? jobId = null)
    {
        var scoring = scoringOptions.Value;
        var llm = llmOptions.Value;
        var useLlm = !selection.NoLlm && (selection.Model is not null || UsesLlmByDefault);
        // Both scorers judge the scorecard's own categories as it stands when the run starts.
        var scorecard = scorecards?.GetCurrent().Categories;
        if (!useLlm)
        {
            return new HeuristicScorer(scoring, scorecard);
        }

        if (!llm.IsConfigured)
        {
            // Never fall back silently: heuristic rows would look like the LLM verdict that was asked for.
            throw new InvalidOperationException(
                "LLM scoring was asked for but neither Llm:ApiKey (environment OPENAI_API_KEY) nor Llm:Endpoint is set. Use --no-llm for the heuristic scorer.");
        }

        return new LlmScorer(
            llm, LoadTaxonomy(selection.TaxonomyFile), scoring.TaxonomyHintsPerLabel, timeProvider, loggerFactory.CreateLogger<LlmScorer>(), selection.Model, ledger, jobId,
            scorecard, new HeuristicScorer(scoring, scorecard));
    }

    public ContactReasonTaxonomy LoadTaxonomy(string? overrideFile = null)
    {
        // The store reads the taxonomy uploaded on the Settings page from the database, as every instance does.
        if (string.IsNullOrWhiteSpace(overrideFile) && taxonomyStore is not null)
        {
            return taxonomyStore.Load().Taxonomy;
        }

        var file = !string.IsNullOrWhiteSpace(overrideFile) ? overrideFile : TaxonomyStore.ResolveActiveFile(scoringOptions.Value);
        return string.IsNullOrWhiteSpace(file)
            ? throw new InvalidOperationException("No contact-reason taxonomy file is configured (Scoring:TaxonomyFile).")
            : ContactReasonTaxonomy.Load(file);
    }
}
