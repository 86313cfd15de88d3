using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Scorers;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>Rounds after the first pass: conversations stored while it ran, and those other runs had claimed.</summary>
public sealed partial class ProcessingService
{
    /// <summary>
    /// Waits for the conversations other runs had claimed when this one wanted them: those they store are done, and
    /// those whose claim runs out (their instance died) this run scores, so the backlog is finished whoever stops.
    /// </summary>
    private async Task<ProcessingResult> TakeOverAsync(
        ProcessingRequest request, IConversationScorer scorer, ProcessingResult result, IJobProgress progress, string owner, CancellationToken cancellationToken)
    {
        var waiting = result.ClaimedElsewhere.ToList();
        if (waiting.Count == 0)
        {
            return result;
        }

        Log(progress, $"{waiting.Count} conversation(s) are being scored by another run; waiting for it, and taking over those it leaves.");
        // One cheap indexed read per poll; a short poll lets the run end soon after the other run stores the last of them.
        var poll = TimeSpan.FromTicks(Math.Min(_claims.RenewInterval.Ticks, TimeSpan.FromMilliseconds(250).Ticks));
        var budget = request.BudgetUsd ?? (scorerFactory.LlmOptions.JobBudgetUsd > 0 ? scorerFactory.LlmOptions.JobBudgetUsd : null);
        while (waiting.Count > 0 && result.StopReason is null)
        {
            await Task.Delay(poll, timeProvider, cancellationToken);
            var (held, expired) = await _claims.HeldElsewhereAsync(owner, waiting, cancellationToken);
            // A rescore re-scores whatever it is given: what the other run stored is done, only what it left is taken over.
            var free = waiting.Where(k => !held.Contains(k) && (!request.Force || expired.Contains(k))).ToList();
            waiting.RemoveAll(k => !held.Contains(k) && !expired.Contains(k) && request.Force);
            if (free.Count == 0)
            {
                continue;
            }

            if (budget is { } limit && result.CostUsd >= limit)
            {
                break;
            }

            var more = await RunAsync(request with { IssueKeys = free, Limit = null, BudgetUsd = budget - result.CostUsd }, scorer, progress, owner, cancellationToken);
            waiting = [.. waiting.Except(free, StringComparer.Ordinal), .. more.ClaimedElsewhere];
            result = new ProcessingResult(
                result.Selected + more.Selected,
                result.Processed + more.Processed,
                [.. result.Failures, .. more.Failures],
                result.CostUsd + more.CostUsd,
                result.Usage.Add(more.Usage),
                result.ScorerVersion,
                more.StopReason);
        }

        return result;
    }

    /// <summary>
    /// Conversations stored (by a webhook, a sync or an import) after this run chose its work would otherwise wait for
    /// the next run: whole-backlog runs score them before they end. Filtered runs (keys, limit, rescore) do not.
    /// </summary>
    private async Task<ProcessingResult> ProcessLateArrivalsAsync(
        ProcessingRequest request, IConversationScorer scorer, DateTime selectedAt, ProcessingResult result, IJobProgress progress, string owner, CancellationToken cancellationToken)
    {
        if (request.IssueKeys is not null || request.Limit is not null || request.Force || request.OnlyScorerKind is not null)
        {
            return result;
        }

        // Conversations another run claimed are waited for after these rounds, not asked for again in each.
        var attempted = new HashSet<string>(result.Failures.Select(f => f.IssueKey).Concat(result.ClaimedElsewhere), StringComparer.Ordinal);
        var claimedElsewhere = result.ClaimedElsewhere.ToList();
        for (var round = 0; round < LateArrivalRounds && result.StopReason is null; round++)
        {
            // A little before the selection, so a clock a moment behind on the storing instance loses nothing.
            var since = selectedAt - TimeSpan.FromSeconds(2);
            selectedAt = timeProvider.GetUtcNow().UtcDateTime;
            List<string> late;
            await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
            {
                late = await db.PreparedConversations.AsNoTracking()
                    .Where(p => p.PreparedAtUtc >= since && !db.ProcessedConversations.Any(x => x.IssueKey == p.IssueKey && x.ScoredContentHash == p.ContentHash))
                    .OrderBy(p => p.PreparedAtUtc).ThenBy(p => p.IssueKey)
                    .Select(p => p.IssueKey)
                    .ToListAsync(cancellationToken);
            }

            late.RemoveAll(attempted.Contains);
            if (late.Count == 0)
            {
                break;
            }

            // The job's budget covers every round.
            var budget = request.BudgetUsd ?? (scorerFactory.LlmOptions.JobBudgetUsd > 0 ? scorerFactory.LlmOptions.JobBudgetUsd : null);
            if (budget is { } limit && result.CostUsd >= limit)
            {
                break;
            }

            Log(progress, $"{late.Count} conversation(s) were stored while this run was scoring; scoring them before it ends.");
            var more = await RunAsync(request with { IssueKeys = late, BudgetUsd = budget - result.CostUsd }, scorer, progress, owner, cancellationToken);
            attempted.UnionWith(more.Failures.Select(f => f.IssueKey));
            attempted.UnionWith(more.ClaimedElsewhere);
            claimedElsewhere.AddRange(more.ClaimedElsewhere);
            result = new ProcessingResult(
                result.Selected + more.Selected,
                result.Processed + more.Processed,
                [.. result.Failures, .. more.Failures],
                result.CostUsd + more.CostUsd,
                result.Usage.Add(more.Usage),
                result.ScorerVersion,
                more.StopReason);
        }

        return result with { ClaimedElsewhere = claimedElsewhere };
    }
}
