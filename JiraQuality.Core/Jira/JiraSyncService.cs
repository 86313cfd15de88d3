using System.Globalization;
using System.Text.Json;
using JiraQuality.Core.Domain;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Jira;

/// <summary>What one sync should do; anything left null comes from the <c>Jira</c> settings.</summary>
public sealed record JiraSyncRequest
{
    public string? Project { get; init; }
    public string? StatusCategory { get; init; }
    public DateOnly? StartDate { get; init; }
    public DateOnly? EndDate { get; init; }
    public string? Jql { get; init; }
    public bool DryRun { get; init; }
    public int? MaxIssues { get; init; }
    public bool ForceFullRefresh { get; init; }

    public IReadOnlyDictionary<string, string> ToParameters()
    {
        var parameters = new Dictionary<string, string>();
        void Put(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parameters[name] = value;
            }
        }

        Put("project", Project);
        Put("statusCategory", StatusCategory);
        Put("startDate", StartDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Put("endDate", EndDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Put("jql", Jql);
        Put("dryRun", DryRun ? "true" : null);
        Put("maxIssues", MaxIssues?.ToString(CultureInfo.InvariantCulture));
        Put("forceFullRefresh", ForceFullRefresh ? "true" : null);
        return parameters;
    }

    public static JiraSyncRequest FromJob(JobRequest job)
    {
        static DateOnly? Date(string? text, string name) =>
            string.IsNullOrWhiteSpace(text) ? null
            : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
            : throw new ArgumentException($"Job parameter '{name}' must be a date as yyyy-MM-dd, got '{text}'.");

        var maxIssues = job.Get("maxIssues");
        return new JiraSyncRequest
        {
            Project = job.Get("project"),
            StatusCategory = job.Get("statusCategory"),
            StartDate = Date(job.Get("startDate"), "startDate"),
            EndDate = Date(job.Get("endDate"), "endDate"),
            Jql = job.Get("jql"),
            DryRun = string.Equals(job.Get("dryRun"), "true", StringComparison.OrdinalIgnoreCase),
            MaxIssues = string.IsNullOrWhiteSpace(maxIssues) ? null
                : int.TryParse(maxIssues, CultureInfo.InvariantCulture, out var cap) && cap > 0 ? cap
                : throw new ArgumentException($"Job parameter 'maxIssues' must be a positive whole number, got '{maxIssues}'."),
            ForceFullRefresh = string.Equals(job.Get("forceFullRefresh"), "true", StringComparison.OrdinalIgnoreCase),
        };
    }
}

/// <summary>How a sync went.</summary>
public sealed record JiraSyncResult(
    string Jql,
    bool DryRun,
    int Fetched,
    int Skipped,
    int Created,
    int Updated,
    int Unchanged,
    int Failed,
    int Pages,
    DateTime? CheckpointUtc,
    IReadOnlyList<string> Warnings)
{
    public string Summary => DryRun
        ? $"Dry run: {Fetched} Jira issues match ({Pages} pages)"
          + (Skipped > 0 ? $" and {Skipped} more are already stored unchanged" : "") + "; nothing was written."
        : $"Fetched {Fetched} Jira issues in {Pages} pages: {Created} new, {Updated} changed, {Unchanged} unchanged, {Failed} failed."
          + (Skipped > 0 ? $" {Skipped} already stored and unchanged were passed over." : "")
          + (CheckpointUtc is { } checkpoint ? $" Checkpoint {checkpoint:yyyy-MM-dd HH:mm:ss} UTC." : "");
}

/// <summary>
/// Pulls tickets from Jira Cloud page by page and hands each page to the ingestor. The checkpoint on
/// <c>updated</c> is saved after each committed page, so a failure leaves it at the last page that was stored.
/// Beside it are kept the issues already stored in the window the next run reads again (see
/// <see cref="CommittedIssues"/>): unchanged ones are passed over before their comments are fetched and do not
/// count against <c>--max-issues</c>, so capped runs always move on even when one minute holds more tickets than
/// the cap.
/// </summary>
public sealed class JiraSyncService(
    JiraCloudClient client,
    IOptions<JiraOptions> options,
    IDbContextFactory<JiraQualityDbContext> databases,
    ITicketIngestor ingestor,
    TimeProvider time,
    ILogger<JiraSyncService> logger)
{
    public const string CustomJqlCheckpoint = "jira:custom-jql";

    private readonly JiraOptions _options = options.Value;

    public static string CheckpointName(string project) => "jira:" + project.Trim().ToUpperInvariant();

    public async Task<JiraSyncResult> SyncAsync(JiraSyncRequest request, IJobProgress progress, CancellationToken cancellationToken)
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
        var warnings = new List<string>();

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
        var total = request.MaxIssues is { } cap ? Math.Min(cap, approximate ?? cap) : approximate ?? 0;
        var searchFields = request.DryRun ? (IReadOnlyList<string>)["updated"] : fieldMap.RequestedFields;
        var takenThisRun = new HashSet<(string Key, DateTime? UpdatedUtc)>();
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);

        int fetched = 0, skipped = 0, created = 0, updated = 0, unchanged = 0, failed = 0, pages = 0;
        var cursorUtc = checkpoint?.UpdatedCursorUtc;
        string? lastKey = checkpoint?.LastIssueKey;
        string? token = null;
        var seenTokens = new HashSet<string>(StringComparer.Ordinal);
        var blocked = false;
        DateTime? blockedAtUtc = null;
        while (true)
        {
            var remaining = request.MaxIssues is { } max ? max - fetched : int.MaxValue;
            if (remaining <= 0)
            {
                progress.Log($"Stopped at --max-issues {request.MaxIssues}.");
                break;
            }

            // Issues that will be passed over cost only their place on a search page, so ask for that many more
            // rather than paging through them a few at a time.
            var stillSkippable = skipCommitted ? committed.Count - seenKeys.Count(committed.Contains) : 0;
            var pageSize = (int)Math.Clamp(Math.Min(_options.PageSize, (long)remaining + stillSkippable), 1, 5000);
            var page = await client.SearchAsync(jql, searchFields, pageSize, token, cancellationToken);
            if (page.Issues.Count == 0)
            {
                break;
            }

            pages++;
            var hits = page.Issues.Select(issue => new SearchHit(issue, JiraJson.String(issue, "key"), UpdatedOf(issue))).ToList();
            var newKeys = hits.Count(h => h.Key is not null && seenKeys.Add(h.Key));
            if (newKeys == 0)
            {
                warnings.Add("Jira returned a page holding only issues it had already returned; paging stopped to avoid a loop.");
                break;
            }

            // The page in (updated, key) order up to the cap: issues stored unchanged are passed over without
            // counting, the rest are taken. Nothing after the cap is looked at, so the checkpoint cannot pass it.
            var taken = new List<SearchHit>();
            var passedOver = new List<SearchHit>();
            foreach (var hit in hits)
            {
                var alreadyStored = (skipCommitted && committed.IsUnchanged(hit.Key, hit.UpdatedUtc))
                                    || (hit.Key is not null && takenThisRun.Contains((hit.Key, hit.UpdatedUtc)));
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

            skipped += passedOver.Count;
            foreach (var hit in taken.Where(h => h.Key is not null))
            {
                takenThisRun.Add((hit.Key!, hit.UpdatedUtc));
            }

            if (request.DryRun)
            {
                fetched += taken.Count;
                progress.Report(fetched, Math.Max(total, fetched), (taken.Count > 0 ? taken : hits)[^1].Key);
            }
            else
            {
                var (tickets, failures) = await FetchTicketsAsync(taken.Select(h => h.Issue).ToList(), fieldMap, "jira", cancellationToken);
                var batch = tickets.Count > 0 ? await ingestor.IngestAsync(tickets, cancellationToken) : IngestBatchResult.Empty;
                fetched += taken.Count;
                created += batch.Created;
                updated += batch.Updated;
                unchanged += batch.Unchanged;
                failed += failures.Count;
                warnings.AddRange(batch.Warnings);
                warnings.AddRange(failures.Select(f => f.Message));
                foreach (var ticket in tickets)
                {
                    committed.Record(ticket.IssueKey, ticket.UpdatedUtc);
                }

                // The page is stored: move the checkpoint, but never past a ticket that failed, so the next run
                // fetches that one again. Later pages are still read, so one bad ticket cannot hold back the rest.
                // Pages come in updated order, so the first failure seen is the earliest. Issues passed over were
                // stored before, so they count as stored here too.
                if (failures.Count > 0 && !blocked)
                {
                    blocked = true;
                    blockedAtUtc = failures.Min(f => f.UpdatedUtc);
                }

                var stored = tickets.Select(t => (Key: t.IssueKey, t.UpdatedUtc))
                    .Concat(passedOver.Select(h => (Key: h.Key!, h.UpdatedUtc)))
                    .Where(s => s.UpdatedUtc is not null)
                    .OrderBy(s => s.UpdatedUtc).ThenBy(s => s.Key, StringComparer.Ordinal)
                    .ToList();
                var candidate = blocked ? blockedAtUtc : stored.Select(s => s.UpdatedUtc).LastOrDefault();
                if (usesCheckpoint && candidate is { } next && (cursorUtc is null || next > cursorUtc))
                {
                    cursorUtc = next;
                    lastKey = stored.Where(s => s.UpdatedUtc <= next).Select(s => s.Key).LastOrDefault() ?? lastKey;
                }
                else if (usesCheckpoint && candidate is { } same && same == cursorUtc
                         && tickets.Where(t => t.UpdatedUtc == same).Select(t => t.IssueKey).Order(StringComparer.Ordinal).LastOrDefault() is { } newest)
                {
                    // Still in the checkpoint's minute: name the last ticket stored there, not one passed over.
                    lastKey = newest;
                }

                await SaveCheckpointAsync(checkpointName, cursorUtc, lastKey, fetched, usesCheckpoint ? committed : null, cancellationToken);
                progress.Log($"Page {pages}: {taken.Count} issues ({batch.Created} new, {batch.Updated} changed, {batch.Unchanged} unchanged, {failures.Count} failed)"
                             + (passedOver.Count > 0 ? $", {passedOver.Count} already stored and unchanged passed over." : "."));
                progress.Report(fetched, Math.Max(total, fetched), tickets.LastOrDefault()?.IssueKey);
            }

            if (page.IsLast || page.NextPageToken is null)
            {
                break;
            }

            if (!seenTokens.Add(page.NextPageToken))
            {
                warnings.Add("Jira returned a page token it had already returned; paging stopped to avoid a loop.");
                break;
            }

            token = page.NextPageToken;
        }

        if (!request.DryRun)
        {
            await SaveCheckpointAsync(checkpointName, cursorUtc, lastKey, fetched, usesCheckpoint ? committed : null, cancellationToken);
        }

        var result = new JiraSyncResult(jql, request.DryRun, fetched, skipped, created, updated, unchanged, failed, pages, usesCheckpoint ? cursorUtc : null, warnings);
        foreach (var warning in warnings)
        {
            progress.Log("Warning: " + warning);
        }

        logger.LogInformation("Jira sync finished: {Summary}", result.Summary);
        return result;
    }

    /// <summary>
    /// Fetches one issue and its whole thread from Jira (never from a webhook payload) and ingests it.
    /// Returns null when the issue no longer exists.
    /// </summary>
    public Task<IngestBatchResult?> SyncIssueAsync(string issueKey, string source, CancellationToken cancellationToken) =>
        SyncIssueAsync(issueKey, source, fieldMap: null, cancellationToken);

    /// <summary>
    /// As <see cref="SyncIssueAsync(string, string, CancellationToken)"/>, with the site's custom fields already
    /// resolved (from <see cref="ResolveFieldMapAsync"/>), so a batch of issues lists them once.
    /// </summary>
    public async Task<IngestBatchResult?> SyncIssueAsync(string issueKey, string source, JiraFieldMap? fieldMap, CancellationToken cancellationToken)
    {
        EnsureConfigured();
        fieldMap ??= await ResolveFieldMapAsync(NullJobProgress.Instance, cancellationToken);
        var issue = await client.GetIssueAsync(issueKey, fieldMap.RequestedFields, cancellationToken);
        if (issue is null)
        {
            logger.LogInformation("Jira issue {IssueKey} was not found; nothing to ingest", issueKey);
            return null;
        }

        var ticket = await FetchTicketAsync(issue.Value, fieldMap, source, cancellationToken);
        return await ingestor.IngestAsync([ticket], cancellationToken);
    }

    public static string BuildJql(string project, string? statusCategory, DateTime? updatedFromUtc, DateTime? updatedBeforeUtc, TimeZoneInfo userZone)
    {
        var clauses = new List<string> { $"project = {Quote(project)}" };
        if (!string.IsNullOrWhiteSpace(statusCategory))
        {
            clauses.Add($"statusCategory = {Quote(statusCategory.Trim())}");
        }

        // JQL compares in the API user's time zone and to the minute, so the instant is converted and floored.
        if (updatedFromUtc is { } from)
        {
            clauses.Add($"updated >= \"{ToJqlTime(from, userZone)}\"");
        }

        if (updatedBeforeUtc is { } before)
        {
            clauses.Add($"updated < \"{ToJqlTime(before, userZone)}\"");
        }

        return string.Join(" AND ", clauses) + " ORDER BY updated ASC, key ASC";
    }

    private static string ToJqlTime(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static TimeZoneInfo TimeZoneFor(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    private static DateTime? StartOfDayUtc(DateOnly? date, TimeZoneInfo zone) =>
        date is { } d ? TimeZoneInfo.ConvertTimeToUtc(d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone) : null;

    private static DateOnly? ParseDate(string? text, string setting) =>
        string.IsNullOrWhiteSpace(text) ? null
        : DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new ArgumentException($"Setting {setting} must be a date as yyyy-MM-dd, got '{text}'.");

    private void EnsureConfigured()
    {
        if (!_options.IsConfigured)
        {
            throw new InvalidOperationException(
                "Jira is not configured: set Jira:BaseUrl (JIRA_BASE_URL), Jira:Email (JIRA_EMAIL) and Jira:ApiToken (JIRA_API_KEY).");
        }
    }

    /// <summary>The site's custom fields by our names; empty (with a logged warning) when Jira will not list them.</summary>
    public async Task<JiraFieldMap> ResolveFieldMapAsync(IJobProgress progress, CancellationToken cancellationToken)
    {
        try
        {
            var fields = await client.GetFieldsAsync(cancellationToken);
            var map = JiraFieldMap.Resolve(fields, _options.CustomFieldAliases);
            var missing = _options.CustomFieldAliases.Keys.Where(k => !map.IdsByKey.ContainsKey(k)).ToList();
            if (missing.Count > 0)
            {
                progress.Log($"Custom fields not found on this site: {string.Join(", ", missing)}.");
            }

            return map;
        }
        catch (JiraApiException exception)
        {
            progress.Log($"Warning: custom fields could not be listed, so none are read. {exception.Message}");
            return JiraFieldMap.Empty;
        }
    }

    private async Task<(List<JiraTicket> Tickets, List<TicketFailure> Failures)> FetchTicketsAsync(
        IReadOnlyList<JsonElement> issues, JiraFieldMap fieldMap, string source, CancellationToken cancellationToken)
    {
        var tickets = new JiraTicket?[issues.Count];
        var failures = new TicketFailure?[issues.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.CommentConcurrency), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, issues.Count), parallel, async (index, ct) =>
        {
            var issue = issues[index];
            try
            {
                tickets[index] = await FetchTicketAsync(issue, fieldMap, source, ct);
            }
            catch (Exception exception) when (exception is JiraApiException or HttpRequestException or JsonException or InvalidDataException
                                              || (exception is OperationCanceledException && !ct.IsCancellationRequested))
            {
                var key = JiraJson.String(issue, "key") ?? $"#{index}";
                var updatedUtc = JiraJson.Object(issue, "fields") is { } f ? JiraJson.Timestamp(JiraJson.String(f, "updated")) : null;
                failures[index] = new TicketFailure(key, updatedUtc, $"{key}: {exception.Message}");
                logger.LogWarning("Jira issue {IssueKey} could not be fetched: {Message}", key, exception.Message);
            }
        });
        return (tickets.OfType<JiraTicket>().ToList(), failures.OfType<TicketFailure>().ToList());
    }

    private async Task<JiraTicket> FetchTicketAsync(JsonElement issue, JiraFieldMap fieldMap, string source, CancellationToken cancellationToken)
    {
        var key = JiraJson.String(issue, "key") ?? throw new InvalidDataException("A Jira issue in the search response has no key.");
        var comments = await client.GetAllCommentsAsync(key, cancellationToken);
        JiraServiceDeskData? serviceDesk = null;
        if (_options.IncludeServiceDeskData)
        {
            serviceDesk = new JiraServiceDeskData(
                await client.GetServiceDeskSlaAsync(key, cancellationToken),
                await client.GetServiceDeskFeedbackAsync(key, cancellationToken));
        }

        return JiraIssueMapper.ToTicket(issue, comments, fieldMap, source, serviceDesk);
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

    /// <summary>Where the next run starts reading: the checkpoint less the overlap, to the minute as JQL compares.</summary>
    private DateTime RereadFrom(DateTime cursorUtc)
    {
        var from = cursorUtc - TimeSpan.FromMinutes(Math.Max(0, _options.CheckpointOverlapMinutes));
        return new DateTime(from.Ticks - (from.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc);
    }

    private static DateTime? UpdatedOf(JsonElement issue) =>
        JiraJson.Object(issue, "fields") is { } fields ? JiraJson.Timestamp(JiraJson.String(fields, "updated")) : null;

    private sealed record SearchHit(JsonElement Issue, string? Key, DateTime? UpdatedUtc);

    private sealed record TicketFailure(string Key, DateTime? UpdatedUtc, string Message);
}
