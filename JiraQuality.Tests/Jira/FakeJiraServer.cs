using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Tests.Jira;

/// <summary>
/// A loopback Kestrel app shaped like Jira Cloud: enhanced search with page tokens and isLast, the removed
/// search endpoint answering 410, paged comments with ADF bodies, fields with a duplicated name, and
/// injectable failures (429 with Retry-After, 5xx). It filters search results on the JQL's
/// <c>updated &gt;=</c> / <c>updated &lt;</c> clauses (its account's time zone is UTC) and records every request.
/// </summary>
public sealed partial class FakeJiraServer : IAsyncDisposable
{
    public const string Email = "bot@example.com";
    public const string ApiToken = "token-123";

    private readonly WebApplication _app;
    private readonly List<FakeIssue> _issues = [];
    private readonly ConcurrentQueue<Fault> _faults = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private FakeJiraServer(WebApplication app)
    {
        _app = app;
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>Comments per page, at most (Jira Cloud caps at 100; small here to force paging).</summary>
    public int CommentPageCap { get; set; } = 2;

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToList();

    /// <summary>How long each comment page takes to answer, to make overlapping fetches observable.</summary>
    public TimeSpan CommentDelay { get; set; }

    /// <summary>
    /// Misbehaves like a broken search: every page is the first one, never the last, each with a new page token.
    /// </summary>
    public bool RepeatsFirstPageForever { get; set; }

    private int _repeatedPages;

    /// <summary>The most comment requests that were in flight at the same time.</summary>
    public int MaxConcurrentCommentRequests => _maxConcurrentComments;

    private volatile TaskCompletionSource? _issueGate;
    private volatile TaskCompletionSource _issueRequestHeld = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _concurrentComments;
    private int _maxConcurrentComments;

    public static string ExpectedAuthorization => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}:{ApiToken}"));

    public static async Task<FakeJiraServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeJiraServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    public FakeIssue AddIssue(string key, DateTime updatedUtc, params string[] commentTexts)
    {
        var issue = new FakeIssue(key) { UpdatedUtc = updatedUtc, CreatedUtc = updatedUtc.AddHours(-2), Summary = $"Summary of {key}" };
        for (var i = 0; i < commentTexts.Length; i++)
        {
            issue.AddComment(commentTexts[i], updatedUtc.AddHours(-1).AddMinutes(i), customer: i % 2 == 0);
        }

        lock (_issues)
        {
            _issues.Add(issue);
        }

        return issue;
    }

    public FakeIssue Issue(string key) => Find(key) ?? throw new KeyNotFoundException(key);

    /// <summary>The next <paramref name="times"/> requests whose path starts with <paramref name="pathPrefix"/> get this answer.</summary>
    public void FailNext(string pathPrefix, int status, int times = 1, IDictionary<string, string>? headers = null, int afterPassing = 0)
    {
        _faults.Enqueue(new Fault(pathPrefix, status, headers ?? new Dictionary<string, string>(), times) { Skip = afterPassing });
    }

    /// <summary>Completes when an issue request (the issue or its comments) is waiting at the gate of <see cref="HoldIssueRequests"/>.</summary>
    public Task IssueRequestHeld => _issueRequestHeld.Task;

    /// <summary>From now on every issue request waits until <see cref="ReleaseIssueRequests"/> (or until its client gives up).</summary>
    public void HoldIssueRequests()
    {
        _issueRequestHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _issueGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void ReleaseIssueRequests()
    {
        var gate = _issueGate;
        _issueGate = null;
        gate?.TrySetResult();
    }

    /// <summary>Drops every injected failure not used yet.</summary>
    public void ClearFaults()
    {
        lock (_faults)
        {
            _faults.Clear();
        }
    }

    public IReadOnlyList<RecordedRequest> SearchRequests => Requests.Where(r => r.Path == "/rest/api/3/search/jql").ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        string body;
        using (var reader = new StreamReader(request.Body))
        {
            body = await reader.ReadToEndAsync();
        }

        _requests.Enqueue(new RecordedRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", body, request.Headers.Authorization.ToString(), DateTimeOffset.UtcNow));
        if (request.Headers.Authorization.ToString() != ExpectedAuthorization)
        {
            await Json(context, 401, new JsonObject { ["errorMessages"] = new JsonArray("Client must be authenticated to access this resource.") });
            return;
        }

        if (TakeFault(request.Path.Value ?? "") is { } fault)
        {
            foreach (var (name, value) in fault.Headers)
            {
                context.Response.Headers[name] = value;
            }

            await Json(context, fault.Status, new JsonObject { ["errorMessages"] = new JsonArray($"Injected {fault.Status}") });
            return;
        }

        var path = request.Path.Value ?? "";
        switch (path)
        {
            case "/rest/api/3/search":
                await Json(context, 410, new JsonObject { ["errorMessages"] = new JsonArray("The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.") });
                return;
            case "/rest/api/3/search/jql" when request.Method == "POST":
                await Json(context, 200, Search(JsonNode.Parse(body)!.AsObject()));
                return;
            case "/rest/api/3/search/approximate-count" when request.Method == "POST":
                await Json(context, 200, new JsonObject { ["count"] = Matching(JsonNode.Parse(body)!["jql"]!.GetValue<string>()).Count });
                return;
            case "/rest/api/3/myself":
                await Json(context, 200, new JsonObject { ["accountId"] = "bot-1", ["displayName"] = "Sync Bot", ["timeZone"] = "UTC" });
                return;
            case "/rest/api/3/field":
                await Json(context, 200, new JsonArray(
                    Field("summary", "Summary", false),
                    Field("customfield_10001", "Contact Reason", true),
                    Field("customfield_10002", "Contact Reason", true),
                    Field("customfield_10003", "Hub", true)));
                return;
        }

        var serviceDesk = ServiceDeskPath().Match(path);
        if (serviceDesk.Success)
        {
            var requestIssue = Find(serviceDesk.Groups["key"].Value);
            var answer = serviceDesk.Groups["what"].Value == "sla" ? requestIssue?.Sla : requestIssue?.Feedback;
            await Json(context, answer is null ? 404 : 200, answer?.DeepClone() ?? new JsonObject { ["errorMessage"] = "Not a service request" });
            return;
        }

        var match = IssuePath().Match(path);
        if (match.Success)
        {
            if (_issueGate is { } gate)
            {
                _issueRequestHeld.TrySetResult();
                await gate.Task.WaitAsync(context.RequestAborted);
            }

            var issue = Find(match.Groups["key"].Value);
            if (issue is null)
            {
                await Json(context, 404, new JsonObject { ["errorMessages"] = new JsonArray("Issue does not exist or you do not have permission to see it.") });
                return;
            }

            if (match.Groups["comment"].Success)
            {
                var inFlight = Interlocked.Increment(ref _concurrentComments);
                InterlockedMax(ref _maxConcurrentComments, inFlight);
                try
                {
                    await Task.Delay(CommentDelay);
                }
                finally
                {
                    Interlocked.Decrement(ref _concurrentComments);
                }

                var startAt = int.Parse(request.Query["startAt"].FirstOrDefault() ?? "0", CultureInfo.InvariantCulture);
                var max = Math.Min(CommentPageCap, int.Parse(request.Query["maxResults"].FirstOrDefault() ?? "50", CultureInfo.InvariantCulture));
                List<JsonObject> all;
                lock (issue)
                {
                    all = issue.Comments.ToList();
                }

                var page = all.Skip(startAt).Take(max).Select(c => (JsonNode?)c.DeepClone()).ToArray();
                await Json(context, 200, new JsonObject { ["startAt"] = startAt, ["maxResults"] = max, ["total"] = all.Count, ["comments"] = new JsonArray(page) });
                return;
            }

            var fields = (request.Query["fields"].FirstOrDefault() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
            await Json(context, 200, IssueJson(issue, fields));
            return;
        }

        await Json(context, 404, new JsonObject { ["errorMessages"] = new JsonArray($"No fake for {path}") });
    }

    private JsonObject Search(JsonObject body)
    {
        var jql = body["jql"]!.GetValue<string>();
        var maxResults = body["maxResults"]?.GetValue<int>() ?? 50;
        var fields = body["fields"]?.AsArray().Select(f => f!.GetValue<string>()).ToArray() ?? ["id"];
        var offset = body["nextPageToken"]?.GetValue<string>() is { } token && !RepeatsFirstPageForever ? int.Parse(token["page-".Length..], CultureInfo.InvariantCulture) : 0;
        var matching = Matching(jql);
        var page = matching.Skip(offset).Take(maxResults).ToList();
        var isLast = offset + page.Count >= matching.Count && !RepeatsFirstPageForever;
        var result = new JsonObject
        {
            ["issues"] = new JsonArray(page.Select(i => (JsonNode?)IssueJson(i, fields)).ToArray()),
            ["isLast"] = isLast,
        };
        if (!isLast)
        {
            result["nextPageToken"] = RepeatsFirstPageForever
                ? $"page-again-{Interlocked.Increment(ref _repeatedPages)}"
                : $"page-{offset + page.Count}";
        }

        return result;
    }

    private List<FakeIssue> Matching(string jql)
    {
        var from = UpdatedClause().Match(jql) is { Success: true } f && f.Groups["op"].Value == ">=" ? ParseJqlTime(f.Groups["time"].Value) : (DateTime?)null;
        var before = UpdatedBeforeClause().Match(jql) is { Success: true } b ? ParseJqlTime(b.Groups["time"].Value) : (DateTime?)null;
        lock (_issues)
        {
            return _issues
                .Where(i => (from is null || i.UpdatedUtc >= from) && (before is null || i.UpdatedUtc < before))
                .OrderBy(i => i.UpdatedUtc).ThenBy(i => i.Key, StringComparer.Ordinal)
                .ToList();
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static DateTime ParseJqlTime(string text) =>
        DateTime.ParseExact(text, text.Length > 10 ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static JsonObject IssueJson(FakeIssue issue, IReadOnlyCollection<string> fields)
    {
        var all = new JsonObject
        {
            ["summary"] = issue.Summary,
            ["description"] = issue.Description?.DeepClone(),
            ["assignee"] = issue.Assignee?.DeepClone(),
            ["status"] = new JsonObject { ["name"] = issue.Status, ["statusCategory"] = new JsonObject { ["key"] = "done" } },
            ["resolution"] = new JsonObject { ["name"] = "Done" },
            ["reporter"] = new JsonObject { ["accountId"] = "qm:customer-" + issue.Key, ["displayName"] = "Customer " + issue.Key, ["accountType"] = "customer" },
            ["created"] = JiraTime(issue.CreatedUtc),
            ["updated"] = JiraTime(issue.UpdatedUtc),
            ["duedate"] = null,
        };
        foreach (var (id, value) in issue.CustomFields)
        {
            all[id] = value?.DeepClone();
        }

        var selected = new JsonObject();
        foreach (var name in fields)
        {
            if (all.TryGetPropertyValue(name, out var value))
            {
                selected[name] = value?.DeepClone();
            }
        }

        return new JsonObject { ["id"] = "1" + issue.Key.GetHashCode(StringComparison.Ordinal).ToString("x", CultureInfo.InvariantCulture), ["key"] = issue.Key, ["fields"] = selected };
    }

    internal static string JiraTime(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture) + "+0000";

    private static JsonObject Field(string id, string name, bool custom) => new() { ["id"] = id, ["name"] = name, ["custom"] = custom };

    private FakeIssue? Find(string key)
    {
        lock (_issues)
        {
            return _issues.FirstOrDefault(i => i.Key == key);
        }
    }

    private Fault? TakeFault(string path)
    {
        lock (_faults)
        {
            foreach (var fault in _faults)
            {
                if (fault.Remaining > 0 && path.StartsWith(fault.PathPrefix, StringComparison.Ordinal))
                {
                    if (fault.Skip > 0)
                    {
                        fault.Skip--;
                        continue;
                    }

                    fault.Remaining--;
                    return fault;
                }
            }
        }

        return null;
    }

    private static async Task Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    [GeneratedRegex(@"^/rest/api/3/issue/(?<key>[A-Z]+-\d+)(?<comment>/comment)?$")]
    private static partial Regex IssuePath();

    [GeneratedRegex(@"^/rest/servicedeskapi/request/(?<key>[A-Z]+-\d+)/(?<what>sla|feedback)$")]
    private static partial Regex ServiceDeskPath();

    [GeneratedRegex("updated (?<op>>=) \"(?<time>[^\"]+)\"")]
    private static partial Regex UpdatedClause();

    [GeneratedRegex("updated < \"(?<time>[^\"]+)\"")]
    private static partial Regex UpdatedBeforeClause();

    private sealed class Fault(string pathPrefix, int status, IDictionary<string, string> headers, int remaining)
    {
        public string PathPrefix { get; } = pathPrefix;
        public int Status { get; } = status;
        public IDictionary<string, string> Headers { get; } = headers;
        public int Remaining { get; set; } = remaining;

        public int Skip { get; set; }
    }
}

public sealed record RecordedRequest(string Method, string Path, string Query, string Body, string Authorization, DateTimeOffset At)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
}

public sealed class FakeIssue(string key)
{
    public string Key { get; } = key;
    public string Summary { get; set; } = "";

    /// <summary>The issue body as Jira Cloud returns it (an ADF document), null when the issue has none.</summary>
    public JsonNode? Description { get; set; }

    /// <summary>The assignee as Jira Cloud returns the user, null when unassigned.</summary>
    public JsonObject? Assignee { get; set; }

    public string Status { get; set; } = "Done";
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public List<JsonObject> Comments { get; } = [];
    public Dictionary<string, JsonNode?> CustomFields { get; } = [];

    public JsonObject? Sla { get; set; }

    public JsonObject? Feedback { get; set; }

    /// <summary>Adds a comment whose body is an ADF paragraph; customers are portal accounts, agents Atlassian accounts.</summary>
    public JsonObject AddComment(string text, DateTime createdUtc, bool customer, bool isPublic = true)
    {
        var body = new JsonObject
        {
            ["version"] = 1,
            ["type"] = "doc",
            ["content"] = new JsonArray(new JsonObject
            {
                ["type"] = "paragraph",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
            }),
        };
        return AddComment(body, createdUtc, customer, isPublic);
    }

    public JsonObject AddComment(JsonObject adfBody, DateTime createdUtc, bool customer, bool isPublic = true)
    {
        var comment = new JsonObject
        {
            ["id"] = (10000 + Comments.Count).ToString(CultureInfo.InvariantCulture),
            ["author"] = customer
                ? new JsonObject { ["accountId"] = "qm:customer-" + Key, ["displayName"] = "Customer " + Key, ["accountType"] = "customer" }
                : new JsonObject { ["accountId"] = "712020:agent-1", ["displayName"] = "Agent One", ["accountType"] = "atlassian" },
            ["body"] = adfBody,
            ["created"] = FakeJiraServer.JiraTime(createdUtc),
            ["updated"] = FakeJiraServer.JiraTime(createdUtc),
            ["jsdPublic"] = isPublic,
        };
        lock (this)
        {
            Comments.Add(comment);
        }

        return comment;
    }
}
