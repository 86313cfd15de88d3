using System.Globalization;
using System.Text.Json;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Jira.Client;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JiraQuality.Core.Jira.Sync;

/// <summary>
/// Pulls tickets from Jira Cloud page by page and hands each page to the ingestor. The checkpoint on
/// <c>updated</c> is saved after each committed page, so a failure leaves it at the last page that was stored.
/// Beside it are kept the issues already stored in the window the next run reads again (see
/// <see cref="CommittedIssues"/>): unchanged ones are passed over before their comments are fetched and do not
/// count against <c>--max-issues</c>, so capped runs always move on even when one minute holds more tickets than
/// the cap.
/// </summary>
public sealed partial class JiraSyncService(
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

    /// <summary>
    /// One sync: plan the search (JQL, checkpoint, what was stored before), then page through the results, storing each
    /// page and moving the checkpoint behind it, until Jira has no more, the cap is reached or paging would loop.
    /// </summary>
    public async Task<JiraSyncResult> SyncAsync(JiraSyncRequest request, IJobProgress progress, CancellationToken cancellationToken)
    {
        var run = await PlanAsync(request, progress, cancellationToken);
        string? token = null;
        var seenTokens = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var remaining = request.MaxIssues is { } max ? max - run.Fetched : int.MaxValue;
            if (remaining <= 0)
            {
                progress.Log($"Stopped at --max-issues {request.MaxIssues}.");
                break;
            }

            var page = await client.SearchAsync(run.Jql, run.SearchFields, PageSize(run, remaining), token, cancellationToken);
            if (page.Issues.Count == 0)
            {
                break;
            }

            run.Pages++;
            var hits = page.Issues.Select(issue => new SearchHit(issue, JiraJson.String(issue, "key"), UpdatedOf(issue))).ToList();
            var newKeys = hits.Count(h => h.Key is not null && run.SeenKeys.Add(h.Key));
            if (newKeys == 0)
            {
                run.Warnings.Add("Jira returned a page holding only issues it had already returned; paging stopped to avoid a loop.");
                break;
            }

            var (taken, passedOver) = SelectFromPage(run, hits, remaining);
            if (request.DryRun)
            {
                run.Fetched += taken.Count;
                progress.Report(run.Fetched, Math.Max(run.Total, run.Fetched), (taken.Count > 0 ? taken : hits)[^1].Key);
            }
            else
            {
                await StorePageAsync(run, taken, passedOver, progress, cancellationToken);
            }

            if (page.IsLast || page.NextPageToken is null)
            {
                break;
            }

            if (!seenTokens.Add(page.NextPageToken))
            {
                run.Warnings.Add("Jira returned a page token it had already returned; paging stopped to avoid a loop.");
                break;
            }

            token = page.NextPageToken;
        }

        return await FinishAsync(run, progress, cancellationToken);
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
