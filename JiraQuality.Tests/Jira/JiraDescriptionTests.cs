using System.Text.Json.Nodes;
using JiraQuality.Core.Ingestion.Normalising;
using JiraQuality.Core.Ingestion.Redaction;
using JiraQuality.Core.Jira.Client;
using JiraQuality.Core.Jira.Sync;
using JiraQuality.Core.Jira.Webhooks;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Jira;

/// <summary>The issue body (ADF) read by the sync and by webhooks into <c>JiraTicket.Description</c>.</summary>
public sealed class JiraDescriptionTests
{
    private static readonly DateTime Base = new(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);

    private static readonly JsonNode Body = JsonNode.Parse("""
        {"version":1,"type":"doc","content":[
          {"type":"paragraph","content":[{"type":"text","text":"Dock 12 keeps my bike locked. "},
            {"type":"mention","attrs":{"id":"712020:agent-1","text":"@Agent One"}},{"type":"text","text":" said to write here."}]},
          {"type":"bulletList","content":[
            {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"tried twice"}]}]},
            {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"app shows error 42"}]}]}]},
          {"type":"expand","attrs":{"title":"Rental"},"content":[{"type":"paragraph","content":[{"type":"text","text":"R-700074"}]}]}]}
        """)!;

    private static string Expected =>
        $"Dock 12 keeps my bike locked. {MentionRedactor.SourceMention("712020:agent-1", "@Agent One")} said to write here.\n- tried twice\n- app shows error 42\nRental\nR-700074";

    private static async Task<FakeJiraServer> JiraAsync()
    {
        var jira = await FakeJiraServer.StartAsync();
        jira.AddIssue("CC-1", Base, "any update?").Description = Body.DeepClone();
        jira.AddIssue("CC-2", Base.AddMinutes(5), "no body on this one");
        return jira;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Sync_asks_for_the_description_and_hands_it_over_rendered(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var jira = await JiraAsync();
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor);

        await services.GetRequiredService<JiraSyncService>().SyncAsync(new JiraSyncRequest(), new RecordingProgress(), TestContext.Current.CancellationToken);

        Assert.All(jira.SearchRequests, s => Assert.Contains("description", s.Json["fields"]!.AsArray().Select(f => f!.GetValue<string>())));
        Assert.Equal(Expected, ingestor.Tickets.Single(t => t.IssueKey == "CC-1").Description);
        Assert.Null(ingestor.Tickets.Single(t => t.IssueKey == "CC-2").Description);
        Assert.Equal("Dock 12 keeps my bike locked. @Agent One said to write here.", CommentTextCleaner.Clean(Expected).Split('\n')[0]);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_webhook_fetches_the_issue_with_its_description(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var jira = await JiraAsync();
        var ingestor = new RecordingTicketIngestor();
        await using var services = JiraTestHost.Build(jira, db.Factory, ingestor, configure: s => s.AddSingleton<IJobQueue>(new RecordingJobQueue()));
        var ct = TestContext.Current.CancellationToken;

        Assert.True(await services.GetRequiredService<JiraWebhookInbox>().AcceptAsync("delivery-1", "CC-1", ct));
        await services.GetRequiredService<JiraWebhookRefetcher>().DrainAsync(ct);

        var ticket = Assert.Single(ingestor.Tickets);
        Assert.Equal("webhook", ticket.Source);
        Assert.Equal(Expected, ticket.Description);
        var issueRequest = Assert.Single(jira.Requests, r => r.Path == "/rest/api/3/issue/CC-1");
        Assert.Contains("description", Uri.UnescapeDataString(issueRequest.Query).Split('=', 2)[1].Split(','));
    }

    [Fact]
    public void A_plain_string_description_is_kept_and_an_empty_one_is_none()
    {
        using var issue = System.Text.Json.JsonDocument.Parse("""{"key":"CC-9","fields":{"summary":"s","description":"  Please reset my PIN  "}}""");
        using var empty = System.Text.Json.JsonDocument.Parse("""{"key":"CC-10","fields":{"summary":"s","description":{"type":"doc","version":1,"content":[]}}}""");

        Assert.Equal("Please reset my PIN", JiraIssueMapper.ToTicket(issue.RootElement, [], JiraFieldMap.Empty, "jira").Description);
        Assert.Null(JiraIssueMapper.ToTicket(empty.RootElement, [], JiraFieldMap.Empty, "jira").Description);
    }
}
