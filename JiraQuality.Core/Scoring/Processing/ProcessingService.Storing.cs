using JiraQuality.Core.Scoring.Scorers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>Writing scored batches and recording failures.</summary>
public sealed partial class ProcessingService
{
    private async Task<bool> AnyFailureRecordedAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ScoringFailures.AnyAsync(cancellationToken);
    }

    /// <summary>
    /// Stores the scored outcomes of a batch in one transaction; if that fails, each alone, so one bad row does not fail
    /// the others. Returns the keys that could not be stored, with the reason (null when all were).
    /// </summary>
    private async Task<Dictionary<string, string>?> StoreAsync(ProcessedBatchWriter batchWriter, List<Outcome> batch, bool clearFailures)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        var rows = new List<ScoredRow>(batch.Count);
        foreach (var outcome in batch)
        {
            if (outcome is { Error: null, Row: { } row })
            {
                row.ProcessedAtUtc = now;
                rows.Add(new ScoredRow(row, outcome.ContentHash));
            }
        }

        try
        {
            await batchWriter.WriteAsync(rows, clearFailures, CancellationToken.None);
            return null;
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException && rows.Count > 1)
        {
            logger.LogWarning(ex, "Could not store a batch of {Count} processed conversations; storing them one by one", rows.Count);
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
        {
            return new Dictionary<string, string> { [rows[0].Row.IssueKey] = StoreError(ex) };
        }

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            try
            {
                await batchWriter.WriteAsync([row], clearFailures, CancellationToken.None);
            }
            catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
            {
                errors[row.Row.IssueKey] = StoreError(ex);
            }
        }

        return errors.Count == 0 ? null : errors;
    }

    /// <summary>Gives back the claims of a stored batch (failed ones too: they are recorded and wait for the next run).</summary>
    private async Task ReleaseAsync(string owner, List<Outcome> batch)
    {
        try
        {
            await _claims.ReleaseAsync(owner, batch.Select(o => o.IssueKey).ToList(), CancellationToken.None);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            // They are released when the run ends, or run out.
            logger.LogWarning(ex, "Could not release the claims of {Count} stored conversations", batch.Count);
        }
    }

    private static string StoreError(Exception ex) => "could not store the result: " + (ex.InnerException?.Message ?? ex.Message);

    private async Task RecordFailureAsync(string issueKey, string error, string scorerVersion, Guid? jobId)
    {
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(CancellationToken.None);
            var failure = await db.ScoringFailures.SingleOrDefaultAsync(f => f.IssueKey == issueKey, CancellationToken.None);
            if (failure is null)
            {
                failure = new ScoringFailure { IssueKey = issueKey };
                db.ScoringFailures.Add(failure);
            }

            failure.Attempts++;
            failure.LastError = error.Length <= 2000 ? error : error[..2000];
            failure.LastAttemptAtUtc = timeProvider.GetUtcNow().UtcDateTime;
            failure.ScorerVersion = scorerVersion;
            failure.JobId = jobId;
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException ex)
        {
            // The failure is still reported by the run; only its bookkeeping is lost.
            logger.LogWarning(ex, "Could not record the scoring failure of {IssueKey}", issueKey);
        }
    }

    /// <summary>
    /// What the writer needs of a scored conversation: the row to store (or the error), not the conversation itself, so
    /// threads, metrics and assessments are garbage as soon as a conversation is scored instead of living until its
    /// batch is written.
    /// </summary>
    private sealed record Outcome(
        string IssueKey,
        string ContentHash,
        string? Error,
        TokenUsage? Usage,
        double? CostUsd,
        ProcessedConversation? Row);
}
