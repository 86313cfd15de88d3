using JiraQuality.Core.Scoring.Scorers;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>Which conversations a run takes, and reading them in batches.</summary>
public sealed partial class ProcessingService
{
    /// <summary>The keys a run would process (oldest ticket first, earlier failures last) and those set aside.</summary>
    public async Task<ProcessingSelection> SelectKeysAsync(ProcessingRequest request, IConversationScorer scorer, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var kind = scorer.Kind;
        var version = scorer.Version;
        var imported = ScorerKinds.Imported;
        var heuristic = ScorerKinds.Heuristic;
        var upgradesHeuristic = kind == ScorerKinds.Llm;
        var includeImported = request.IncludeImported;

        var query =
            from p in db.PreparedConversations
            join x in db.ProcessedConversations on p.IssueKey equals x.IssueKey into rows
            from x in rows.DefaultIfEmpty()
            join f in db.ScoringFailures on p.IssueKey equals f.IssueKey into failed
            from f in failed.DefaultIfEmpty()
            select new { p.IssueKey, p.CreatedUtc, p.ContentHash, x, Attempts = f == null ? 0 : f.Attempts };

        var byKey = request.IssueKeys is { Count: > 0 };
        if (byKey)
        {
            var keys = request.IssueKeys!.Select(k => k.Trim()).ToList();
            query = query.Where(r => keys.Contains(r.IssueKey));
        }

        if (!string.IsNullOrWhiteSpace(request.OnlyScorerKind))
        {
            var only = request.OnlyScorerKind;
            query = query.Where(r => r.x != null && r.x.ScorerKind == only);
        }

        if (!includeImported)
        {
            query = query.Where(r => r.x == null || r.x.ScorerKind != imported);
        }

        if (!request.Force)
        {
            // Pending: never scored, changed since, scored by an older version of this scorer, or (for the LLM)
            // only judged by the heuristic so far.
            query = query.Where(r =>
                r.x == null
                || r.x.ScoredContentHash != r.ContentHash
                || (r.x.ScorerKind == kind && r.x.ScorerVersion != version)
                || (upgradesHeuristic && r.x.ScorerKind == heuristic)
                || (includeImported && r.x.ScorerKind == imported));
        }

        // Conversations that failed before go last, and after too many failed runs they wait until asked for by
        // key, so a few poisoned tickets cannot abort every run.
        var quarantineAfter = scorerFactory.ScoringOptions.QuarantineAfterFailedRuns;
        List<string> setAside = [];
        if (!byKey && quarantineAfter > 0)
        {
            setAside = await query.Where(r => r.Attempts >= quarantineAfter).OrderBy(r => r.IssueKey).Select(r => r.IssueKey).Take(50).ToListAsync(cancellationToken);
            query = query.Where(r => r.Attempts < quarantineAfter);
        }
        var ordered = query.OrderBy(r => r.Attempts).ThenBy(r => r.CreatedUtc).ThenBy(r => r.IssueKey).Select(r => r.IssueKey);
        var selected = request.Limit is > 0 and var limit
            ? await ordered.Take(limit).ToListAsync(cancellationToken)
            : await ordered.ToListAsync(cancellationToken);
        return new ProcessingSelection(selected, setAside);
    }

    /// <summary>
    /// The selected rows in selection order, a batch per round trip (looked up by primary key, not tracked); the next
    /// batch is read while the caller works on the current one.
    /// </summary>
    private async IAsyncEnumerable<List<LoadedConversation>> LoadAsync(
        List<string> keys,
        int batchSize,
        Func<List<string>, CancellationToken, Task<List<string>>> claim,
        Func<bool> stopped,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Task<List<LoadedConversation>>? next = keys.Count > 0 ? ReadBatchAsync(keys, 0, batchSize, claim, cancellationToken) : null;
        for (var offset = 0; next is not null && !stopped(); offset += batchSize)
        {
            var rows = await next;
            next = offset + batchSize < keys.Count ? ReadBatchAsync(keys, offset + batchSize, batchSize, claim, cancellationToken) : null;
            if (rows.Count == 0)
            {
                // Every one of them claimed by another run.
                continue;
            }

            yield return rows;
        }

        if (next is not null)
        {
            // Stopped early: let the read that is under way end before the run returns.
            try
            {
                await next;
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static async IAsyncEnumerable<LoadedConversation> Flatten(IAsyncEnumerable<List<LoadedConversation>> batches)
    {
        await foreach (var rows in batches)
        {
            foreach (var row in rows)
            {
                yield return row;
            }
        }
    }

    private async Task<List<LoadedConversation>> ReadBatchAsync(
        List<string> keys, int offset, int batchSize, Func<List<string>, CancellationToken, Task<List<string>>> claim, CancellationToken cancellationToken)
    {
        var batch = await claim(keys.GetRange(offset, Math.Min(batchSize, keys.Count - offset)), cancellationToken);
        if (batch.Count == 0)
        {
            return [];
        }

        List<LoadedConversation> rows;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            rows = await PreparedBatchReader.ReadAsync(db, batch, cancellationToken);
        }

        var byKey = rows.ToDictionary(r => r.Row.IssueKey, StringComparer.Ordinal);
        var ordered = new List<LoadedConversation>(batch.Count);
        foreach (var key in batch)
        {
            if (byKey.TryGetValue(key, out var row))
            {
                ordered.Add(row);
            }
        }

        return ordered;
    }
}
