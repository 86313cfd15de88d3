using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JiraQuality.Core.Jira.Client;

/// <summary>
/// The Jira Cloud REST calls the sync and the webhook need. Authentication, the base address, retries,
/// rate-limit waits and timeouts are configured on the HttpClient (see <see cref="JiraClientRegistration"/>).
/// </summary>
public sealed class JiraCloudClient(HttpClient http)
{
    public const string SearchPath = "rest/api/3/search/jql";
    public const string CommentPageSize = "100";

    /// <summary>Who the token belongs to; also proves the connection works.</summary>
    public async Task<JiraAccount> GetMyselfAsync(CancellationToken cancellationToken)
    {
        var root = await GetJsonAsync("rest/api/3/myself", cancellationToken)
            ?? throw new JiraApiException(HttpStatusCode.NotFound, "GET rest/api/3/myself returned no account.");
        return new JiraAccount(
            JiraJson.String(root, "accountId") ?? "",
            JiraJson.String(root, "displayName") ?? "",
            JiraJson.String(root, "emailAddress"),
            JiraJson.String(root, "timeZone"));
    }

    public async Task<IReadOnlyList<JiraField>> GetFieldsAsync(CancellationToken cancellationToken)
    {
        var root = await GetJsonAsync("rest/api/3/field", cancellationToken);
        if (root is not { ValueKind: JsonValueKind.Array })
        {
            return [];
        }

        return root.Value.EnumerateArray()
            .Select(f => new JiraField(JiraJson.String(f, "id") ?? "", (JiraJson.String(f, "name") ?? "").Trim(), f.TryGetProperty("custom", out var c) && c.ValueKind == JsonValueKind.True))
            .Where(f => f.Id.Length > 0)
            .ToList();
    }

    /// <summary>One page of the enhanced search. Pages are strictly sequential: pass the previous page's token.</summary>
    public async Task<JiraSearchPage> SearchAsync(string jql, IReadOnlyList<string> fields, int maxResults, string? nextPageToken, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["jql"] = jql,
            ["maxResults"] = maxResults,
            ["fields"] = new JsonArray(fields.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
        };
        if (!string.IsNullOrEmpty(nextPageToken))
        {
            body["nextPageToken"] = nextPageToken;
        }

        using var response = await http.PostAsJsonAsync(SearchPath, body, cancellationToken);
        await EnsureSuccessAsync(response, "POST " + SearchPath, cancellationToken);
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var root = document.RootElement;
        var issues = root.TryGetProperty("issues", out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(i => i.Clone()).ToList()
            : [];
        var token = JiraJson.String(root, "nextPageToken");
        var isLast = root.TryGetProperty("isLast", out var last) ? last.ValueKind == JsonValueKind.True : string.IsNullOrEmpty(token);
        return new JiraSearchPage(issues, string.IsNullOrEmpty(token) ? null : token, isLast);
    }

    /// <summary>Jira's approximate count for a bounded query, or null when the site does not answer it.</summary>
    public async Task<int?> ApproximateCountAsync(string jql, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.PostAsJsonAsync("rest/api/3/search/approximate-count", new JsonObject { ["jql"] = jql }, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            return document.RootElement.TryGetProperty("count", out var count) && count.TryGetInt32(out var value) ? value : null;
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Every comment of an issue, oldest first, following startAt/total until the last page.</summary>
    public async Task<IReadOnlyList<JsonElement>> GetAllCommentsAsync(string issueKey, CancellationToken cancellationToken)
    {
        var comments = new List<JsonElement>();
        var startAt = 0;
        while (true)
        {
            var path = $"rest/api/3/issue/{Uri.EscapeDataString(issueKey)}/comment?startAt={startAt}&maxResults={CommentPageSize}&orderBy=created";
            var root = await GetJsonAsync(path, cancellationToken)
                ?? throw new JiraApiException(HttpStatusCode.NotFound, $"GET comments of {issueKey}: the issue was not found.");
            var page = root.TryGetProperty("comments", out var array) && array.ValueKind == JsonValueKind.Array
                ? array.EnumerateArray().Select(c => c.Clone()).ToList()
                : [];
            comments.AddRange(page);
            var total = root.TryGetProperty("total", out var t) && t.TryGetInt32(out var totalValue) ? totalValue : startAt + page.Count;
            startAt += page.Count;
            if (page.Count == 0 || startAt >= total)
            {
                return comments;
            }
        }
    }

    /// <summary>One issue with the given fields, or null when it does not exist (or is no longer visible).</summary>
    public async Task<JsonElement?> GetIssueAsync(string issueKey, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        var path = $"rest/api/3/issue/{Uri.EscapeDataString(issueKey)}?fields={Uri.EscapeDataString(string.Join(',', fields))}";
        return await GetJsonAsync(path, cancellationToken);
    }

    /// <summary>JSM SLA cycles of a request, or null when the issue is not a service request.</summary>
    public Task<JsonElement?> GetServiceDeskSlaAsync(string issueKey, CancellationToken cancellationToken) =>
        GetJsonAsync($"rest/servicedeskapi/request/{Uri.EscapeDataString(issueKey)}/sla", cancellationToken, treatAsAbsent: [HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden]);

    /// <summary>JSM CSAT feedback of a request, or null when none was given.</summary>
    public Task<JsonElement?> GetServiceDeskFeedbackAsync(string issueKey, CancellationToken cancellationToken) =>
        GetJsonAsync($"rest/servicedeskapi/request/{Uri.EscapeDataString(issueKey)}/feedback", cancellationToken, treatAsAbsent: [HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.Forbidden]);

    private async Task<JsonElement?> GetJsonAsync(string path, CancellationToken cancellationToken, HttpStatusCode[]? treatAsAbsent = null)
    {
        using var response = await http.GetAsync(path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound || (treatAsAbsent?.Contains(response.StatusCode) ?? false))
        {
            return null;
        }

        await EnsureSuccessAsync(response, "GET " + path, cancellationToken);
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return document.RootElement.Clone();
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string call, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var detail = text.Length > 300 ? text[..300] : text;
        var hint = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => " Check Jira:Email (JIRA_EMAIL) and Jira:ApiToken (JIRA_API_KEY).",
            HttpStatusCode.Gone => " Jira removed this API.",
            HttpStatusCode.BadRequest when call.Contains(SearchPath, StringComparison.Ordinal) => " Check the JQL.",
            _ => "",
        };
        var message = FormattableString.Invariant($"Jira {call} failed with {(int)response.StatusCode} {response.ReasonPhrase}.{hint} {detail}");
        throw new JiraApiException(response.StatusCode, message.Trim());
    }
}
