using System.Data.Common;
using JiraQuality.Core.Observability;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Core.Scoring.Scorers;

/// <summary>
/// Writes one <see cref="LlmCall"/> row per call the LLM scorer makes (accepted, rejected, failed or rate-limited) and
/// reads the sums every cost figure shows: per conversation (the drill-down and the cost KPI), per job and per day and
/// model (<see cref="ScoringCostQuery"/>).
/// </summary>
public sealed class LlmCallLedger(
    IDbContextFactory<JiraQualityDbContext> contextFactory,
    TimeProvider timeProvider,
    ILogger<LlmCallLedger> logger,
    JiraQualityMetrics? metrics = null)
{
    public const int ErrorMaxLength = 500;

    /// <summary>Stores the call even when the run is being cancelled: it is paid for already.</summary>
    public async Task RecordAsync(Guid? jobId, string issueKey, string model, TokenUsage usage, double? costUsd, string outcome, string? error)
    {
        metrics?.LlmCall(model, usage, costUsd);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await using var db = await contextFactory.CreateDbContextAsync(timeout.Token);
            db.LlmCalls.Add(new LlmCall
            {
                AtUtc = timeProvider.GetUtcNow().UtcDateTime,
                JobId = jobId,
                IssueKey = issueKey,
                Model = model,
                InputTokens = usage.InputTokens,
                CachedInputTokens = usage.CachedInputTokens,
                OutputTokens = usage.OutputTokens,
                CostUsd = costUsd,
                Outcome = outcome,
                Error = error is null || error.Length <= ErrorMaxLength ? error : error[..ErrorMaxLength],
            });
            await db.SaveChangesAsync(timeout.Token);
        }
        catch (Exception exception) when (exception is DbException or DbUpdateException or OperationCanceledException or InvalidOperationException)
        {
            // Scoring goes on; the job's own total still counts the call.
            logger.LogWarning("Could not record an LLM call for {IssueKey} in the cost ledger: {Message}", issueKey, exception.Message);
        }
    }

    /// <summary>Everything spent on one conversation so far (every call, every run); null when nothing is priced.</summary>
    /// <remarks>Null as well when the ledger cannot be read: the caller then stores what this scoring cost.</remarks>
    public async Task<double?> ConversationTotalAsync(string issueKey, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            return await db.LlmCalls.Where(c => c.IssueKey == issueKey).SumAsync(c => c.CostUsd, cancellationToken);
        }
        catch (Exception exception) when (exception is DbException or InvalidOperationException)
        {
            logger.LogWarning("Could not read the cost ledger for {IssueKey}: {Message}", issueKey, exception.Message);
            return null;
        }
    }
}
