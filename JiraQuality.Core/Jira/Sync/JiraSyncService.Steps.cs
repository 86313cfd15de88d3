using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Jira.Client;
using JiraQuality.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Core.Jira.Sync;

/// <summary>The steps of one sync: planning the search, choosing and storing a page, the checkpoint behind it.</summary>
public sealed partial class JiraSyncService
{
    /// <summary>
    /// Checks the settings and the request, then works out what to search: the JQL (from the checkpoint less the
    /// overlap, or the custom JQL as given), the issues stored before that can be passed over, and the expected total.
    /// </summary>
    private async Task<SyncRun> PlanAsync(JiraSyncRequest request, IJobProgress progress, CancellationToken cancellationToken)
    {
        EnsureConfigured();
        var customJql = string.IsNullOrWhiteSpace(request.Jql) ? _options.Jql : request.Jql;
        var project = (request.Project ?? _options.Project)?.Trim() ?? "";
        if (string.IsNullOrWhiteSpace(customJql) && project.Length == 0)
        {
            throw new ArgumentException("No Jira project to sync: set Jira:Project (environment Jira__Project) or pass --project.");
        }

        if (request.MaxIssues is <= 0)
        {
            throw new ArgumentException("--max-issues must be a positive whole number.");
        }

        var account = await client.GetMyselfAsync(cancellationToken);
        var userZone = TimeZoneFor(account.TimeZone);
        var fieldMap = await ResolveFieldMapAsync(progress, cancellationToken);

        var usesCheckpoint = string.IsNullOrWhiteSpace(customJql);
        var checkpointName = usesCheckpoint ? CheckpointName(project) : CustomJqlCheckpoint;
        var checkpoint = await LoadCheckpointAsync(checkpointName, cancellationToken);
        var startUtc = StartOfDayUtc(request.StartDate ?? ParseDate(_options.StartDate, "Jira:StartDate"), userZone);
        var endUtc = StartOfDayUtc(request.EndDate ?? ParseDate(_options.EndDate, "Jira:EndDate"), userZone);
        DateTime? lowerBoundUtc = startUtc;
        if (usesCheckpoint && !request.ForceFullRefresh && checkpoint?.UpdatedCursorUtc is { } cursor)
        {
            var fromCheckpoint = RereadFrom(cursor);
            lowerBoundUtc = startUtc is { } start && start > fromCheckpoint ? start : fromCheckpoint;
        }

        var jql = usesCheckpoint
            ? BuildJql(project, request.StatusCategory ?? _options.StatusCategory, lowerBoundUtc, endUtc, userZone)
            : customJql!.Trim();
        progress.Log($"JQL: {jql}");
        logger.LogInformation("Jira sync starting with JQL {Jql}", jql);

        // Issues stored by earlier runs inside the window read again; a full refresh reads them all the same, but
        // keeps the record so the runs after it can still pass over them.
        var committed = usesCheckpoint ? CommittedIssues.Parse(checkpoint?.CommittedIssuesJson) : CommittedIssues.Empty();
        var skipCommitted = usesCheckpoint && !request.ForceFullRefresh;

        var approximate = await client.ApproximateCountAsync(jql, cancellationToken) is { } count
            ? Math.Max(0, count - (skipCommitted ? committed.Count : 0))
            : (int?)null;
        return new SyncRun
        {
            Request = request,
            FieldMap = fieldMap,
            Jql = jql,
            UsesCheckpoint = usesCheckpoint,
            CheckpointName = checkpointName,
            Committed = committed,
            SkipCommitted = skipCommitted,
            Total = request.MaxIssues is { } cap ? Math.Min(cap, approximate ?? cap) : approximate ?? 0,
            SearchFields = request.DryRun ? (IReadOnlyList<string>)["updated"] : fieldMap.RequestedFields,
            CursorUtc = checkpoint?.UpdatedCursorUtc,
            LastKey = checkpoint?.LastIssueKey,
        };
    }

    /// <summary>
    /// Issues that will be passed over cost only their place on a search page, so a page asks for that many more
    /// rather than paging through them a few at a time.
    /// </summary>
    private int PageSize(SyncRun run, int remaining)
    {
        var stillSkippable = run.SkipCommitted ? run.Committed.Count - run.SeenKeys.Count(run.Committed.Contains) : 0;
        return (int)Math.Clamp(Math.Min(_options.PageSize, (long)remaining + stillSkippable), 1, 5000);
    }

    /// <summary>
    /// The page in (updated, key) order up to the cap: issues stored unchanged are passed over without counting, the
    /// rest are taken. Nothing after the cap is looked at, so the checkpoint cannot pass it.
    /// </summary>
    private static (List<SearchHit> Taken, List<SearchHit> PassedOver) SelectFromPage(SyncRun run, List<SearchHit> hits, int remaining)
    {
        var taken = new List<SearchHit>();
        var passedOver = new List<SearchHit>();
        foreach (var hit in hits)
        {
            var alreadyStored = (run.SkipCommitted && run.Committed.IsUnchanged(hit.Key, hit.UpdatedUtc))
                                || (hit.Key is not null && run.TakenThisRun.Contains((hit.Key, hit.UpdatedUtc)));
            if (alreadyStored)
            {
                passedOver.Add(hit);
                continue;
            }

            if (taken.Count == remaining)
            {
                break;
            }

            taken.Add(hit);
        }

        run.Skipped += passedOver.Count;
        foreach (var hit in taken.Where(h => h.Key is not null))
        {
            run.TakenThisRun.Add((hit.Key!, hit.UpdatedUtc));
        }

        return (taken, passedOver);
    }

    /// <summary>Fetches the taken issues' threads, stores them, and saves the checkpoint behind the stored page.</summary>
    private async Task StorePageAsync(SyncRun run, List<SearchHit> taken, List<SearchHit> passedOver, IJobProgress progress, CancellationToken cancellationToken)
    {
        var (tickets, failures) = await FetchTicketsAsync(taken.Select(h => h.Issue).ToList(), run.FieldMap, "jira", cancellationToken);
        var batch = tickets.Count > 0 ? await ingestor.IngestAsync(tickets, cancellationToken) : IngestBatchResult.Empty;
        run.Fetched += taken.Count;
        run.Created += batch.Created;
        run.Updated += batch.Updated;
        run.Unchanged += batch.Unchanged;
        run.Failed += failures.Count;
        run.Warnings.AddRange(batch.Warnings);
        run.Warnings.AddRange(failures.Select(f => f.Message));
        foreach (var ticket in tickets)
        {
            run.Committed.Record(ticket.IssueKey, ticket.UpdatedUtc);
        }

        AdvanceCheckpoint(run, tickets, failures, passedOver);
        await SaveCheckpointAsync(run.CheckpointName, run.CursorUtc, run.LastKey, run.Fetched, run.UsesCheckpoint ? run.Committed : null, cancellationToken);
        progress.Log($"Page {run.Pages}: {taken.Count} issues ({batch.Created} new, {batch.Updated} changed, {batch.Unchanged} unchanged, {failures.Count} failed)"
                     + (passedOver.Count > 0 ? $", {passedOver.Count} already stored and unchanged passed over." : "."));
        progress.Report(run.Fetched, Math.Max(run.Total, run.Fetched), tickets.LastOrDefault()?.IssueKey);
    }

    /// <summary>
    /// The page is stored: move the checkpoint, but never past a ticket that failed, so the next run fetches that one
    /// again. Later pages are still read, so one bad ticket cannot hold back the rest. Pages come in updated order, so
    /// the first failure seen is the earliest. Issues passed over were stored before, so they count as stored here too.
    /// </summary>
    private static void AdvanceCheckpoint(SyncRun run, List<JiraTicket> tickets, List<TicketFailure> failures, List<SearchHit> passedOver)
    {
        if (failures.Count > 0 && !run.Blocked)
        {
            run.Blocked = true;
            run.BlockedAtUtc = failures.Min(f => f.UpdatedUtc);
        }

        var stored = tickets.Select(t => (Key: t.IssueKey, t.UpdatedUtc))
            .Concat(passedOver.Select(h => (Key: h.Key!, h.UpdatedUtc)))
            .Where(s => s.UpdatedUtc is not null)
            .OrderBy(s => s.UpdatedUtc).ThenBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
        var candidate = run.Blocked ? run.BlockedAtUtc : stored.Select(s => s.UpdatedUtc).LastOrDefault();
        if (run.UsesCheckpoint && candidate is { } next && (run.CursorUtc is null || next > run.CursorUtc))
        {
            run.CursorUtc = next;
            run.LastKey = stored.Where(s => s.UpdatedUtc <= next).Select(s => s.Key).LastOrDefault() ?? run.LastKey;
        }
        else if (run.UsesCheckpoint && candidate is { } same && same == run.CursorUtc
                 && tickets.Where(t => t.UpdatedUtc == same).Select(t => t.IssueKey).Order(StringComparer.Ordinal).LastOrDefault() is { } newest)
        {
            // Still in the checkpoint's minute: name the last ticket stored there, not one passed over.
            run.LastKey = newest;
        }
    }

    /// <summary>Saves the final checkpoint (a dry run writes nothing) and reports the result and its warnings.</summary>
    private async Task<JiraSyncResult> FinishAsync(SyncRun run, IJobProgress progress, CancellationToken cancellationToken)
    {
        var request = run.Request;
        if (!request.DryRun)
        {
            await SaveCheckpointAsync(run.CheckpointName, run.CursorUtc, run.LastKey, run.Fetched, run.UsesCheckpoint ? run.Committed : null, cancellationToken);
        }

        var result = new JiraSyncResult(
            run.Jql, request.DryRun, run.Fetched, run.Skipped, run.Created, run.Updated, run.Unchanged, run.Failed, run.Pages,
            run.UsesCheckpoint ? run.CursorUtc : null, run.Warnings);
        foreach (var warning in run.Warnings)
        {
            progress.Log("Warning: " + warning);
        }

        logger.LogInformation("Jira sync finished: {Summary}", result.Summary);
        return result;
    }

    private async Task<SyncCheckpoint?> LoadCheckpointAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.SyncCheckpoints.AsNoTracking().FirstOrDefaultAsync(c => c.Name == name, cancellationToken);
    }

    private async Task SaveCheckpointAsync(string name, DateTime? cursorUtc, string? lastKey, int issues, CommittedIssues? committed, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var row = await db.SyncCheckpoints.FirstOrDefaultAsync(c => c.Name == name, cancellationToken);
        if (row is null)
        {
            row = new SyncCheckpoint { Name = name };
            db.SyncCheckpoints.Add(row);
        }

        row.UpdatedCursorUtc = cursorUtc is { } c ? DateTime.SpecifyKind(c, DateTimeKind.Utc) : null;
        row.LastIssueKey = lastKey;
        row.LastRunAtUtc = time.GetUtcNow().UtcDateTime;
        row.LastRunIssues = issues;
        row.CommittedIssuesJson = committed?.Serialize(cursorUtc is { } cursor ? RereadFrom(cursor) : null);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>What one sync knows and has done so far, carried from step to step.</summary>
    private sealed class SyncRun
    {
        public required JiraSyncRequest Request { get; init; }
        public required JiraFieldMap FieldMap { get; init; }
        public required string Jql { get; init; }
        public required bool UsesCheckpoint { get; init; }
        public required string CheckpointName { get; init; }
        public required CommittedIssues Committed { get; init; }
        public required bool SkipCommitted { get; init; }
        public required int Total { get; init; }
        public required IReadOnlyList<string> SearchFields { get; init; }
        public HashSet<(string Key, DateTime? UpdatedUtc)> TakenThisRun { get; } = [];
        public HashSet<string> SeenKeys { get; } = new(StringComparer.Ordinal);
        public List<string> Warnings { get; } = [];
        public int Fetched { get; set; }
        public int Skipped { get; set; }
        public int Created { get; set; }
        public int Updated { get; set; }
        public int Unchanged { get; set; }
        public int Failed { get; set; }
        public int Pages { get; set; }
        public DateTime? CursorUtc { get; set; }
        public string? LastKey { get; set; }

        /// <summary>Set at the first failed ticket: the checkpoint stays before it.</summary>
        public bool Blocked { get; set; }

        public DateTime? BlockedAtUtc { get; set; }
    }
}
