using System.Globalization;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Exports;
using JiraQuality.Web.Features.Dashboard;
using JiraQuality.Web.Hosting;

namespace JiraQuality.Web.Features.Conversations;

public static class ConversationsEndpoints
{
    public static IEndpointRouteBuilder MapConversationsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/conversations").WithTags("Conversations").RequireAuthorization(Policies.Viewer);

        group.MapGet("/", async (HttpRequest http, ConversationQuery conversations, HubScopes scopes, string? sort, bool? descending, CancellationToken cancellationToken) =>
        {
            if (!TryReadList(http, sort, descending, out var request, out var error)
                || !QueryNumbers.TryRead(http.Query, "pageSize", 1, ConversationQuery.MaxPageSize, 25, out var pageSize, out error)
                // Pages count from 0; the first row of the last allowed page must still be a valid offset.
                || !QueryNumbers.TryRead(http.Query, "page", 0, int.MaxValue / pageSize, 0, out var page, out error))
            {
                return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid conversation query");
            }

            var filter = await scopes.ScopeAsync(http.HttpContext.User, request.Filter, cancellationToken);
            var result = await conversations.GetPageAsync(request with { Filter = filter, Page = page, PageSize = pageSize }, cancellationToken);
            return Results.Ok(result);
        });

        // Redacted for everyone by default; the original only with includePii=true from someone who may reveal
        // personal data (audit-logged), and a 403 (never the text) for anyone else who asks for it.
        group.MapGet("/{issueKey}", async (string issueKey, bool? includePii, HttpContext http, ConversationAccess access, CancellationToken cancellationToken) =>
        {
            var result = await access.GetDetailAsync(issueKey, http.User, includePii == true, "API", RemoteAddress(http), cancellationToken);
            if (result.Outcome == ConversationAccessOutcome.Forbidden)
            {
                return ForbiddenPersonalData();
            }

            if (result.Detail is not { } detail)
            {
                return Results.Problem($"No processed conversation has the issue key '{issueKey}'.", statusCode: StatusCodes.Status404NotFound, title: "Conversation not found");
            }

            return Results.Ok(new
            {
                issueKey = detail.Processed.IssueKey,
                redacted = !result.Original,
                processed = detail.Processed,
                scores = detail.Scores,
                thread = detail.Thread,
            });
        });

        // Both downloads stream the rows of the current filter (never the whole list in memory). They are redacted
        // unless the caller may reveal personal data and asks with includePii=true; every download is audit-logged.
        group.MapGet("/export/csv", (HttpContext http, ConversationExport export, AuditLog audit, TimeProvider time, bool? includePii) =>
            ExportAsync(http, audit, time, "analysis", "csv", "text/csv; charset=utf-8", includePii == true, export.WriteAnalysisCsvAsync))
            .RequireAuthorization(Policies.Analyst);
        group.MapGet("/export/jsonl", (HttpContext http, ConversationExport export, AuditLog audit, TimeProvider time, bool? includePii) =>
            ExportAsync(http, audit, time, "conversations", "jsonl", "application/x-ndjson; charset=utf-8", includePii == true, export.WriteThreadsJsonlAsync))
            .RequireAuthorization(Policies.Analyst);
        return endpoints;
    }

    public static string ExportUrl(string format, string queryString) => $"/api/conversations/export/{format}{queryString}";

    private static async Task<IResult> ExportAsync(
        HttpContext http,
        AuditLog audit,
        TimeProvider time,
        string name,
        string extension,
        string contentType,
        bool original,
        Func<ConversationListRequest, bool, Stream, CancellationToken, Task<int>> write)
    {
        if (!TryReadList(http.Request, null, null, out var request, out var error))
        {
            return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid conversation query");
        }

        if (original && !PersonalDataAccess.MayReveal(http.User))
        {
            return ForbiddenPersonalData();
        }

        var scopes = http.RequestServices.GetRequiredService<HubScopes>();
        request = request with { Filter = await scopes.ScopeAsync(http.User, request.Filter, http.RequestAborted) };

        var fileName = string.Create(CultureInfo.InvariantCulture, $"{name}-{time.GetUtcNow():yyyyMMdd-HHmmss}.{extension}");
        await RecordExportAsync(http, audit, fileName, original);
        http.Response.ContentType = contentType;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await write(request, original, http.Response.Body, http.RequestAborted);
        return Results.Empty;
    }

    /// <summary>One audit entry per download: who, which file, redacted or not, and the filter it was asked with.</summary>
    public static Task RecordExportAsync(HttpContext http, AuditLog audit, string fileName, bool original) =>
        audit.RecordAsync(
            PersonalDataAccess.ActorOf(http.User),
            AuditActions.Export,
            fileName,
            (original ? "Original text (personal data)" : "Redacted") + (http.Request.QueryString.HasValue ? $"; query {http.Request.QueryString.Value}" : ""),
            RemoteAddress(http),
            http.RequestAborted);

    public static IResult ForbiddenPersonalData() => Results.Problem(
        "Only analysts and admins may ask for the original text (includePii=true); without it the text is redacted.",
        statusCode: StatusCodes.Status403Forbidden,
        title: "Personal data not allowed");

    public static string? RemoteAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    private static bool TryReadList(HttpRequest http, string? sort, bool? descending, out ConversationListRequest request, out string? error)
    {
        request = new ConversationListRequest();
        if (!MetricsRequestBinding.TryRead(http.Query, out var metrics, out var focus, out error))
        {
            return false;
        }

        var order = ConversationSort.Ended;
        if (!string.IsNullOrWhiteSpace(sort) && !Enum.TryParse(sort, ignoreCase: true, out order))
        {
            error = $"Query field 'sort' must be one of {string.Join(", ", Enum.GetNames<ConversationSort>())} (got '{sort}').";
            return false;
        }

        DateTime? from = null;
        var fromText = http.Query["from"].ToString();
        if (!string.IsNullOrWhiteSpace(fromText))
        {
            if (!MetricsRequestBinding.TryParseInstant(fromText, out var parsed))
            {
                error = $"Query field 'from' must be an ISO 8601 instant such as 2026-01-31T12:00:00Z (got '{fromText}').";
                return false;
            }

            if (MetricsRequestBinding.OutOfRange("from", parsed, fromText) is { } outOfRange)
            {
                error = outOfRange;
                return false;
            }

            from = parsed;
        }

        var text = http.Query["text"].ToString();
        if (!string.IsNullOrWhiteSpace(text) && JiraQuality.Core.Conversations.Search.TextSearch.Parse(text, out var textError) is null)
        {
            error = $"Query field 'text': {textError}";
            return false;
        }

        request = new ConversationListRequest
        {
            Window = metrics.Window,
            AsOfUtc = metrics.AsOfUtc,
            FromUtc = from,
            Text = string.IsNullOrWhiteSpace(text) ? null : text.Trim(),
            Filter = metrics.Filter,
            Focus = focus,
            Sort = order,
            Descending = descending ?? true,
        };
        return true;
    }
}
