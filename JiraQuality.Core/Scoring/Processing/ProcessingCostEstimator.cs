using System.Globalization;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>
/// Estimates the LLM cost of processing: the conversations a run would pick times a per-conversation cost from the
/// configured model's price, using the average tokens of earlier conversations scored by that model, or (before
/// there are any) each thread's stored token count plus the prompt and an answer.
/// </summary>
public sealed class ProcessingCostEstimator(IDbContextFactory<JiraQualityDbContext> contexts, ScorerFactory scorers, ProcessingService processing)
{
    /// <summary>Tokens of the instructions and taxonomy sent with every thread, when no earlier call says better.</summary>
    public const int AssumedPromptTokens = 1_500;

    /// <summary>Tokens of one answer, when no earlier call says better.</summary>
    public const int AssumedOutputTokens = 1_000;

    /// <summary>The conversations a processing run would pick now.</summary>
    public async Task<ProcessingCostEstimate> EstimatePendingAsync(CancellationToken cancellationToken)
    {
        if (!scorers.UsesLlmByDefault)
        {
            return Heuristic();
        }

        IConversationScorer scorer;
        try
        {
            scorer = scorers.Create(new ScorerSelection());
        }
        catch (InvalidOperationException exception)
        {
            return new ProcessingCostEstimate(true, scorers.LlmOptions.Model, 0, null, exception.Message);
        }

        var selection = await processing.SelectKeysAsync(new ProcessingRequest(), scorer, cancellationToken);
        return await EstimateAsync(selection.Keys.Count, cancellationToken);
    }

    /// <summary>Every stored conversation, the most a job that may touch all of them could send.</summary>
    public async Task<ProcessingCostEstimate> EstimateAllStoredAsync(CancellationToken cancellationToken)
    {
        if (!scorers.UsesLlmByDefault)
        {
            return Heuristic();
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await EstimateAsync(await db.PreparedConversations.CountAsync(cancellationToken), cancellationToken);
    }

    private ProcessingCostEstimate Heuristic() => new(false, "", 0, 0, "");

    private async Task<ProcessingCostEstimate> EstimateAsync(int conversations, CancellationToken cancellationToken)
    {
        var model = scorers.LlmOptions.Model;
        if (!scorers.LlmOptions.Prices.TryGetValue(model, out var price))
        {
            return new ProcessingCostEstimate(true, model, conversations, null, $"The model has no price in Llm:Prices, so the cost cannot be estimated.");
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var earlier = await db.ProcessedConversations.AsNoTracking()
            .Where(p => p.ScorerKind == ScorerKinds.Llm && p.Model == model && p.InputTokens > 0)
            .GroupBy(p => 1)
            .Select(g => new { Count = g.Count(), Input = g.Average(p => (double)p.InputTokens!), Output = g.Average(p => (double)(p.OutputTokens ?? 0)) })
            .FirstOrDefaultAsync(cancellationToken);
        double input, output;
        string basis;
        if (earlier is not null)
        {
            (input, output) = (earlier.Input, earlier.Output);
            basis = $"{price.Input.ToString(CultureInfo.InvariantCulture)} / {price.Output.ToString(CultureInfo.InvariantCulture)} USD per 1M tokens in / out and the average tokens of {earlier.Count.ToString("N0", CultureInfo.InvariantCulture)} earlier conversation(s)";
        }
        else
        {
            var thread = await db.PreparedConversations.Select(p => (double?)p.TokenCount).AverageAsync(cancellationToken) ?? 0;
            (input, output) = (thread + AssumedPromptTokens, AssumedOutputTokens);
            basis = $"{price.Input.ToString(CultureInfo.InvariantCulture)} / {price.Output.ToString(CultureInfo.InvariantCulture)} USD per 1M tokens in / out, about {Math.Round(input).ToString("N0", CultureInfo.InvariantCulture)} tokens in and {AssumedOutputTokens.ToString("N0", CultureInfo.InvariantCulture)} out each";
        }

        var perConversation = (input * price.Input + output * price.Output) / 1_000_000;
        return new ProcessingCostEstimate(true, model, conversations, perConversation, basis);
    }
}
