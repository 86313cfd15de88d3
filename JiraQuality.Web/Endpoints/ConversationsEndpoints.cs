using JiraQuality.Core.Metrics;

namespace JiraQuality.Web.Endpoints;

public static class ConversationsEndpoints
{
    public static IEndpointRouteBuilder MapConversationsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/conversations").WithTags("Conversations");

        group.MapGet("/", async (HttpRequest http, ConversationQuery conversations, int? page, int? pageSize, string? sort, bool? descending, CancellationToken cancellationToken) =>
        {
            if (!TryReadList(http, sort, descending, out var request, out var error))
            {
                return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid conversation query");
            }

            var result = await conversations.GetPageAsync(request with { Page = page ?? 0, PageSize = pageSize ?? 25 }, cancellationToken);
            return Results.Ok(result);
        });

        group.MapGet("/{issueKey}", async (string issueKey, ConversationQuery conversations, CancellationToken cancellationToken) =>
        {
            var detail = await conversations.GetDetailAsync(issueKey, cancellationToken);
            if (detail is null)
            {
                return Results.Problem($"No processed conversation has the issue key '{issueKey}'.", statusCode: StatusCodes.Status404NotFound, title: "Conversation not found");
            }

            return Results.Ok(new
            {
                issueKey = detail.Processed.IssueKey,
                processed = detail.Processed,
                scores = detail.Scores,
                thread = detail.Thread,
            });
        });

        // Both downloads take the rows of the current filter (ConversationQuery.StreamAsync) and hand them to the
        // shared export writers; until those writers are part of the build they answer 501 instead of a stub file.
        group.MapGet("/export/csv", (HttpRequest http) => Export(http, "CSV analysis writer"));
        group.MapGet("/export/jsonl", (HttpRequest http) => Export(http, "JSONL record writer"));
        return endpoints;
    }

    public static string ExportUrl(string format, string queryString) => $"/api/conversations/export/{format}{queryString}";

    private static IResult Export(HttpRequest http, string writer)
    {
        if (!TryReadList(http, null, null, out _, out var error))
        {
            return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid conversation query");
        }

        return Results.Problem(
            $"Download is not available yet: the {writer} is not part of this build.",
            statusCode: StatusCodes.Status501NotImplemented,
            title: "Export not implemented");
    }

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

        request = new ConversationListRequest
        {
            Window = metrics.Window,
            AsOfUtc = metrics.AsOfUtc,
            Filter = metrics.Filter,
            Focus = focus,
            Sort = order,
            Descending = descending ?? true,
        };
        return true;
    }
}
