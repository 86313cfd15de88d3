using System.ComponentModel.DataAnnotations;
using JiraQuality.Core.Settings;

namespace JiraQuality.Core.Scoring;

/// <summary>Bound from the <c>Scoring</c> section: thresholds and word lists of the deterministic metrics and heuristic scorer.</summary>
public sealed class ScoringOptions
{
    public const string SectionName = "Scoring";

    /// <summary>auto (LLM when an endpoint or key is configured, else heuristic), heuristic or llm.</summary>
    [AllowedValues(ScorerChoice.Auto, ScorerChoice.Heuristic, ScorerChoice.Llm, ErrorMessage = "Scoring:Scorer must be auto, heuristic or llm.")]
    public string Scorer { get; set; } = ScorerChoice.Auto;

    [Range(0.001d, double.MaxValue, ErrorMessage = "Scoring:FirstResponseSlaMinutes must be above 0.")]
    public double FirstResponseSlaMinutes { get; set; } = 5;
    [Range(0.001d, double.MaxValue, ErrorMessage = "Scoring:FirstResponseExtendedSlaMinutes must be above 0.")]
    public double FirstResponseExtendedSlaMinutes { get; set; } = 15;

    /// <summary>Words counted as agent profanity (whole words, case-insensitive, inflections included).</summary>
    public List<string> AgentProfanityWords { get; set; } = [];

    /// <summary>Words counted as customer abuse, on top of <see cref="AgentProfanityWords"/>.</summary>
    public List<string> CustomerAbuseWords { get; set; } = [];

    /// <summary>Path of a contact-reason taxonomy JSON file; empty uses data/contact-reasons.json.</summary>
    public string TaxonomyFile { get; set; } = "";

    /// <summary>Where a taxonomy uploaded on the Settings page is kept (set from the data folder); it wins over <see cref="TaxonomyFile"/> while it exists.</summary>
    public string UploadedTaxonomyFile { get; set; } = "";

    /// <summary>Keyword hints per label shown to the LLM.</summary>
    [Range(0, 100, ErrorMessage = "Scoring:TaxonomyHintsPerLabel must be from 0 to 100.")]
    public int TaxonomyHintsPerLabel { get; set; } = 3;

    /// <summary>After this many failed runs a conversation is set aside until it is asked for by key.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Scoring:QuarantineAfterFailedRuns must be at least 1.")]
    public int QuarantineAfterFailedRuns { get; set; } = 3;

    /// <summary>Conversations read per round trip and stored per transaction (with one rollup refresh) by a processing run.</summary>
    [Range(1, 100_000, ErrorMessage = "Scoring:BatchSize must be from 1 to 100000.")]
    public int BatchSize { get; set; } = 1000;

    /// <summary>
    /// On PostgreSQL, how long a conversation a run has claimed stays its own without renewal (renewed every third of it
    /// while the run lives): after an instance dies, its unfinished conversations wait this long before others take them.
    /// </summary>
    [PositiveTimeSpan("Scoring:ClaimLease")]
    public TimeSpan ClaimLease { get; set; } = DefaultClaimLease;

    public static readonly TimeSpan DefaultClaimLease = TimeSpan.FromMinutes(1);

    /// <summary>
    /// When a run is cancelled or the app stops, how long LLM calls already under way may still finish: their answers are
    /// stored and counted instead of paid for and thrown away. No new call starts. Keep it below the host's shutdown
    /// timeout (30 s by default).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Scoring:DrainTimeout must be a time span from 00:00:00 to 01:00:00.")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public HeuristicWordLists Heuristic { get; set; } = new();

    public static readonly IReadOnlyList<string> DefaultAgentProfanityWords =
        ["fuck", "shit", "damn", "hell", "bitch", "bastard", "asshole", "crap"];

    public static readonly IReadOnlyList<string> DefaultCustomerAbuseWords =
        ["idiot", "stupid", "useless", "moron", "dumb", "terrible", "awful", "worthless", "incompetent", "hate"];

    public IReadOnlyList<string> EffectiveAgentProfanityWords =>
        AgentProfanityWords.Count > 0 ? AgentProfanityWords : DefaultAgentProfanityWords;

    public IReadOnlyList<string> EffectiveCustomerAbuseWords =>
        [.. EffectiveAgentProfanityWords, .. CustomerAbuseWords.Count > 0 ? CustomerAbuseWords : DefaultCustomerAbuseWords];
}
