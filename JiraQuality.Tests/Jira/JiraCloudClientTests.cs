using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using JiraQuality.Core.Jira;
using JiraQuality.Core.Jira.Client;
using JiraQuality.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Jira;

public sealed class JiraCloudClientTests : IAsyncLifetime
{
    private static readonly DateTime Base = new(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);
    private FakeJiraServer _jira = null!;
    private ServiceProvider _services = null!;

    public async ValueTask InitializeAsync()
    {
        _jira = await FakeJiraServer.StartAsync();
        var unusedDatabase = new JiraQualityContextFactory(new StorageOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=:memory:" });
        _services = JiraTestHost.Build(_jira, unusedDatabase, ingestor: null);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _jira.DisposeAsync();
    }

    private JiraCloudClient Client => _services.GetRequiredService<JiraCloudClient>();

    [Fact]
    public async Task Search_follows_page_tokens_until_isLast_with_explicit_fields_and_basic_auth()
    {
        for (var i = 1; i <= 5; i++)
        {
            _jira.AddIssue($"CC-{i}", Base.AddMinutes(i));
        }

        var keys = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Client.SearchAsync("project = \"CC\" ORDER BY updated ASC", ["summary", "updated"], 2, token, TestContext.Current.CancellationToken);
            keys.AddRange(page.Issues.Select(i => i.GetProperty("key").GetString()!));
            token = page.IsLast ? null : page.NextPageToken;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(["CC-1", "CC-2", "CC-3", "CC-4", "CC-5"], keys);
        var searches = _jira.SearchRequests;
        Assert.Equal(3, searches.Count);
        Assert.All(searches, r => Assert.Equal(FakeJiraServer.ExpectedAuthorization, r.Authorization));
        Assert.All(searches, r => Assert.Equal(["summary", "updated"], r.Json["fields"]!.AsArray().Select(f => f!.GetValue<string>())));
        Assert.Null(searches[0].Json["nextPageToken"]);
        Assert.Equal("page-2", searches[1].Json["nextPageToken"]!.GetValue<string>());
        Assert.Equal("page-4", searches[2].Json["nextPageToken"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_out_then_retried()
    {
        _jira.AddIssue("CC-1", Base);
        _jira.FailNext("/rest/api/3/search/jql", 429, headers: new Dictionary<string, string> { ["Retry-After"] = "2", ["RateLimit-Reason"] = "jira-burst-based" });

        var clock = Stopwatch.StartNew();
        var page = await Client.SearchAsync("project = CC", ["summary"], 50, null, TestContext.Current.CancellationToken);

        Assert.Single(page.Issues);
        var searches = _jira.SearchRequests;
        Assert.Equal(2, searches.Count);
        Assert.True(searches[1].At - searches[0].At >= TimeSpan.FromSeconds(1.9), $"retried after {(searches[1].At - searches[0].At).TotalSeconds:0.00} s");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.9));
    }

    [Fact]
    public async Task A_429_with_only_X_RateLimit_Reset_waits_until_the_reset_instant()
    {
        _jira.AddIssue("CC-1", Base);
        var resetAt = DateTimeOffset.UtcNow.AddSeconds(2);
        var reset = resetAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        _jira.FailNext("/rest/api/3/myself", 429, headers: new Dictionary<string, string> { ["X-RateLimit-Reset"] = reset });

        var account = await Client.GetMyselfAsync(TestContext.Current.CancellationToken);

        Assert.Equal("UTC", account.TimeZone);
        var calls = _jira.Requests.Where(r => r.Path == "/rest/api/3/myself").ToList();
        Assert.Equal(2, calls.Count);
        // Without the header the first back-off would be about one second; the retry must wait for the reset.
        Assert.True(calls[1].At >= resetAt.AddMilliseconds(-50), $"retried at {calls[1].At:HH:mm:ss.fff}, reset at {resetAt:HH:mm:ss.fff}");
    }

    [Fact]
    public void Rate_limit_delay_reads_Retry_After_seconds_and_the_reset_header()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 6, 0, 0, TimeSpan.Zero));
        using var retryAfter = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        retryAfter.Headers.TryAddWithoutValidation("Retry-After", "17");
        using var reset = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        reset.Headers.TryAddWithoutValidation("X-RateLimit-Reset", "2026-11-26T06:02Z");
        using var neither = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Equal(TimeSpan.FromSeconds(17), JiraClientRegistration.RateLimitDelay(retryAfter, time));
        Assert.Equal(TimeSpan.FromMinutes(2), JiraClientRegistration.RateLimitDelay(reset, time));
        Assert.Null(JiraClientRegistration.RateLimitDelay(neither, time));
    }

    [Fact]
    public async Task Server_errors_are_retried_with_back_off_until_success()
    {
        _jira.AddIssue("CC-1", Base, "hello");
        _jira.FailNext("/rest/api/3/issue/CC-1/comment", 503, times: 1);
        _jira.FailNext("/rest/api/3/issue/CC-1/comment", 500, times: 1);

        var comments = await Client.GetAllCommentsAsync("CC-1", TestContext.Current.CancellationToken);

        Assert.Single(comments);
        Assert.Equal(3, _jira.Requests.Count(r => r.Path == "/rest/api/3/issue/CC-1/comment"));
    }

    [Fact]
    public async Task Comments_are_read_page_by_page_until_total()
    {
        _jira.AddIssue("CC-7", Base, "one", "two", "three", "four", "five");

        var comments = await Client.GetAllCommentsAsync("CC-7", TestContext.Current.CancellationToken);

        Assert.Equal(["one", "two", "three", "four", "five"], comments.Select(c => AdfText.ToText(c.GetProperty("body"))));
        var startAts = _jira.Requests.Where(r => r.Path == "/rest/api/3/issue/CC-7/comment").Select(r => r.Query).ToList();
        Assert.Equal(3, startAts.Count);
        Assert.Contains("startAt=0", startAts[0]);
        Assert.Contains("startAt=2", startAts[1]);
        Assert.Contains("startAt=4", startAts[2]);
    }

    [Fact]
    public async Task The_removed_search_endpoint_answers_410_and_a_client_error_names_the_call()
    {
        var http = _services.GetRequiredService<IHttpClientFactory>().CreateClient(JiraClientRegistration.HttpClientName);
        using var old = await http.GetAsync("rest/api/3/search?jql=project%3DCC", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Gone, old.StatusCode);

        _jira.FailNext("/rest/api/3/search/jql", 400);
        var error = await Assert.ThrowsAsync<JiraApiException>(() => Client.SearchAsync("project = CC", ["summary"], 10, null, TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("POST rest/api/3/search/jql", error.Message);
        Assert.Single(_jira.SearchRequests);
    }

    [Fact]
    public void Issue_maps_to_a_ticket_with_merged_contact_reason_roles_and_internal_notes()
    {
        var fields = new List<JiraField> { new("customfield_10001", "Contact Reason", true), new("customfield_10002", "Contact Reason", true), new("customfield_10003", "Hub", true) };
        var map = JiraFieldMap.Resolve(fields, new JiraOptions().CustomFieldAliases);
        Assert.Equal(["customfield_10001", "customfield_10002"], map.IdsByKey["contact_reason"]);

        using var issue = JsonDocument.Parse("""
            {"key":"CC-9","fields":{"summary":" Broken bike ","status":{"name":"Closed"},"resolution":null,
             "reporter":{"accountId":"qm:1","displayName":"Cust"},"created":"2026-11-20T10:15:30.000+0100","updated":"2026-11-21T08:00:00.000+0000",
             "customfield_10001":null,"customfield_10002":{"value":"Billing","child":{"value":"Refund"}},"customfield_10003":[{"value":"Berlin"},{"value":"Hamburg"}]}}
            """);
        using var comments = JsonDocument.Parse("""
            [{"author":{"accountId":"712020:a","displayName":"Agent","accountType":"atlassian"},"jsdPublic":false,"created":"2026-11-20T11:00:00.000+0000","body":{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"internal"}]}]}}]
            """);

        var ticket = JiraIssueMapper.ToTicket(issue.RootElement, comments.RootElement.EnumerateArray().ToList(), map, "jira");

        Assert.Equal("Broken bike", ticket.Summary);
        Assert.Equal("Closed", ticket.Status);
        Assert.Equal("", ticket.Resolution);
        Assert.Equal(new DateTime(2026, 11, 20, 9, 15, 30, DateTimeKind.Utc), ticket.CreatedUtc);
        Assert.Equal("Billing / Refund", ticket.CustomFields["contact_reason"]);
        Assert.Equal("Berlin, Hamburg", ticket.CustomFields["hub"]);
        var comment = Assert.Single(ticket.Comments);
        Assert.Equal("atlassian", comment.AuthorAccountType);
        Assert.False(comment.IsPublic);
        Assert.Equal("internal", comment.Body);
    }
}
