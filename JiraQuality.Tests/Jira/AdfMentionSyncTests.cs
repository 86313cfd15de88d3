using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Scoring.Taxonomy;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Ingestion;
using JiraQuality.Tests.Scoring;
using JiraQuality.Benchmarks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace JiraQuality.Tests.Jira;

/// <summary>
/// A Jira Cloud thread whose ADF comments mention the customer, an agent and a third person, synced from the
/// loopback Jira into the real store: the redacted export and the LLM prompt name only roles, the unredacted export
/// keeps the names.
/// </summary>
public sealed class AdfMentionSyncTests
{
    private static readonly DateTime Base = new(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);

    private static JsonObject Paragraphs(params JsonNode[][] paragraphs) => new()
    {
        ["version"] = 1,
        ["type"] = "doc",
        ["content"] = new JsonArray(paragraphs.Select(inline => (JsonNode?)new JsonObject
        {
            ["type"] = "paragraph",
            ["content"] = new JsonArray(inline.Select(n => (JsonNode?)n).ToArray()),
        }).ToArray()),
    };

    private static JsonObject Text(string text) => new() { ["type"] = "text", ["text"] = text };

    private static JsonObject Mention(string accountId, string name) =>
        new() { ["type"] = "mention", ["attrs"] = new JsonObject { ["id"] = accountId, ["text"] = "@" + name, ["accessLevel"] = "" } };

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Mentions_in_synced_adf_comments_are_roles_or_mention_in_the_redacted_export_and_the_prompt(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using var jira = await FakeJiraServer.StartAsync();
        var issue = jira.AddIssue("CC-1", Base);
        // The mentioned agent writes nothing on the ticket: being its assignee is what makes them staff.
        issue.Assignee = new JsonObject { ["accountId"] = "712020:agent-2", ["displayName"] = "Agent Two", ["accountType"] = "atlassian" };
        issue.AddComment("My bike is stuck at the dock", Base.AddMinutes(-50), customer: true);
        issue.AddComment(
            Paragraphs([Text("Thanks "), Mention("qm:customer-CC-1", "Customer CC-1"), Text(", I asked "), Mention("712020:agent-2", "Agent Two"), Text(" to check the dock.")]),
            Base.AddMinutes(-40), customer: false);
        issue.AddComment(
            Paragraphs([Mention("557058:5f0c-7a1e-person-a", "Person A"), Text(" from the field team, please release dock 12.")]),
            Base.AddMinutes(-35), customer: false, isPublic: false);
        issue.AddComment("Could you try again now?", Base.AddMinutes(-30), customer: false);
        issue.AddComment("It works now, thanks", Base.AddMinutes(-20), customer: true);
        issue.AddComment("Glad to hear it, closing the ticket.", Base.AddMinutes(-15), customer: false);
        issue.AddComment("Bye!", Base.AddMinutes(-10), customer: true);
        var kit = new IngestionTestKit(db);
        await using var services = JiraTestHost.Build(jira, db.Factory, kit.Ingestor);

        var result = await services.GetRequiredService<Core.Jira.Sync.JiraSyncService>().SyncAsync(new Core.Jira.Sync.JiraSyncRequest(), new RecordingProgress(), TestContext.Current.CancellationToken);
        Assert.Equal(1, result.Created);

        var redacted = await ExportAsync(kit, redacted: true);
        var unredacted = await ExportAsync(kit, redacted: false);
        Assert.Contains("Thanks [customer], I asked [agent] to check the dock.", redacted);
        Assert.Contains("[mention] from the field team, please release dock 12.", redacted);
        Assert.DoesNotContain("Person A", redacted);
        Assert.DoesNotContain("@Customer CC-1", redacted);
        Assert.DoesNotContain("Agent Two", redacted);
        Assert.DoesNotContain("accountid", redacted);
        Assert.Contains("Thanks @Customer CC-1, I asked @Agent Two to check the dock.", unredacted);
        Assert.Contains("@Person A from the field team", unredacted);

        var requests = new ConcurrentQueue<string>();
        await using var llm = await LoopbackChatServer.StartAsync((body, _, _) =>
        {
            requests.Enqueue(body.RootElement.GetRawText());
            return new LoopbackAnswer(200, LoopbackChatServer.Completion(LlmAnswers.Valid().ToJsonString()));
        });
        var conversation = Assert.Single(await kit.Export.ReadAllAsync(cancellationToken: TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));
        var taxonomy = ContactReasonTaxonomy.Parse("""{"reasons":[{"label":"Hardware fault","hints":["dock"]}]}""", "test");
        var scorer = new LlmScorer(LlmScorerTests.Options(llm.Endpoint), taxonomy, 3, TimeProvider.System, NullLogger<LlmScorer>.Instance);
        var metrics = new MetricsCalculator(new ScoringOptions()).Compute(conversation);

        await scorer.ScoreAsync(conversation, metrics, TestContext.Current.CancellationToken);

        var prompt = Assert.Single(requests);
        Assert.Contains("Thanks [customer], I asked [agent] to check the dock.", prompt);
        Assert.DoesNotContain("Person A", prompt);
        Assert.DoesNotContain("Customer CC-1", prompt);
        Assert.DoesNotContain("Agent Two", prompt);
    }

    private static async Task<string> ExportAsync(IngestionTestKit kit, bool redacted)
    {
        using var output = new MemoryStream();
        await kit.Export.WriteJsonlAsync(output, redacted, TestContext.Current.CancellationToken);
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
