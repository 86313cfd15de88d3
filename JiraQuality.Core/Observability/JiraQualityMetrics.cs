using System.Diagnostics.Metrics;
using JiraQuality.Core.Scoring.Scorers;

namespace JiraQuality.Core.Observability;

/// <summary>
/// The app's own instruments, on the <see cref="MeterName"/> meter: what an operator watches besides the framework's
/// request and database figures. Created from the host's <see cref="IMeterFactory"/>, so two hosts in one process (the
/// tests run several) keep their figures apart.
/// </summary>
public sealed class JiraQualityMetrics
{
    public const string MeterName = "JiraQuality";

    private readonly Counter<long> _conversationsScored;
    private readonly Counter<long> _llmTokens;
    private readonly Counter<double> _llmCost;
    private readonly Histogram<double> _jobDuration;

    public JiraQualityMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        _conversationsScored = Meter.CreateCounter<long>(
            "jiraquality.conversations.scored", "{conversation}", "Conversations scored and stored by processing jobs on this instance.");
        _llmTokens = Meter.CreateCounter<long>(
            "jiraquality.llm.tokens", "{token}", "Tokens of LLM scoring calls, by model and token type (input, cached_input, output).");
        _llmCost = Meter.CreateCounter<double>(
            "jiraquality.llm.cost", "USD", "Cost of LLM scoring calls by model, for models with a price entry.");
        _jobDuration = Meter.CreateHistogram<double>(
            "jiraquality.jobs.duration", "s", "Run time of jobs that ended on this instance, by kind and final state.");
    }

    /// <summary>The meter observable instruments are added to (queue depth, webhook backlog).</summary>
    public Meter Meter { get; }

    public void ConversationsScored(string jobKind, int count)
    {
        if (count > 0)
        {
            _conversationsScored.Add(count, new KeyValuePair<string, object?>("jiraquality.job.kind", jobKind));
        }
    }

    public void LlmCall(string model, TokenUsage usage, double? costUsd)
    {
        var modelTag = new KeyValuePair<string, object?>("gen_ai.request.model", model);
        // Cached input is part of the input the provider reports; it is counted apart, not twice.
        var cached = Math.Min(usage.CachedInputTokens, usage.InputTokens);
        _llmTokens.Add(usage.InputTokens - cached, modelTag, new("gen_ai.token.type", "input"));
        _llmTokens.Add(cached, modelTag, new("gen_ai.token.type", "cached_input"));
        _llmTokens.Add(usage.OutputTokens, modelTag, new("gen_ai.token.type", "output"));
        if (costUsd is { } cost)
        {
            _llmCost.Add(cost, modelTag);
        }
    }

    public void JobEnded(string kind, string state, TimeSpan duration) =>
        _jobDuration.Record(
            duration.TotalSeconds,
            new KeyValuePair<string, object?>("jiraquality.job.kind", kind),
            new KeyValuePair<string, object?>("jiraquality.job.state", state));
}
