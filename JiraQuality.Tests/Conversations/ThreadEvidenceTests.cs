using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Conversations;

/// <summary>
/// The drill-down points at the evidence in the thread (abusive and profane messages, the messages a score's reason
/// cites, the first agent response and the first-response targets) and folds the middle of a long thread.
/// </summary>
public sealed class ThreadEvidenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly DateTime Opened = new(2024, 4, 9, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Evidence_names_the_flagged_messages_the_first_response_and_the_targets()
    {
        var evidence = ThreadEvidence.Find(LongThread("EV-1"), new ScoringOptions());

        Assert.Equal([9], evidence.AbusiveMessages);
        Assert.Equal([14], evidence.ProfaneMessages);
        Assert.Equal(2, evidence.FirstResponseMessage);
        // The reply came after 10 minutes: the 5-minute target is missed, the 15-minute one met.
        Assert.Equal([(5.0, Opened.AddMinutes(5), false), (15.0, Opened.AddMinutes(15), true)], evidence.SlaMarkers.Select(m => (m.Minutes, m.DueUtc, m.Met)));
    }

    [Fact]
    public void A_thread_without_an_agent_reply_misses_every_target_and_has_no_first_response()
    {
        var thread = new Conversation { IssueKey = "EV-2", Messages = [Message(1, MessageRole.Customer, 0, "Hello?"), Message(2, MessageRole.Customer, 30, "Anyone?")] };

        var evidence = ThreadEvidence.Find(thread, new ScoringOptions());

        Assert.Null(evidence.FirstResponseMessage);
        Assert.All(evidence.SlaMarkers, m => Assert.False(m.Met));
        Assert.Empty(evidence.AbusiveMessages);
    }

    [Fact]
    public async Task Analyst_sees_the_evidence_in_a_folded_long_thread_and_jumps_to_a_cited_message()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        var contexts = factory.Services.GetRequiredService<JiraQualityContextFactory>();
        await new PreparedConversationStore(contexts, TimeProvider.System).UpsertAsync([LongThread("EV-3")], Ct);
        await using (var db = contexts.CreateDbContext())
        {
            db.ProcessedConversations.Add(Row("EV-3", Now.AddDays(-1), r =>
            {
                r.CustomerAbuseDetected = true;
                r.CustomerAbuseCount = 1;
                r.FirstAgentResponseMinutes = 10;
                r.ScoreReasonsJson = """{"reasons": {"agent": {"reason": "Helpful in message 11.", "evidence": [11]}}}""";
            }));
            await db.SaveChangesAsync(Ct);
        }

        var page = await browser.OpenAsync(baseUrl + "/conversations/EV-3", role: Core.Identity.Roles.Viewer);

        await Assertions.Expect(page.Locator("#message-9")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("jq-message-flagged"));
        await Assertions.Expect(page.Locator("#message-9")).ToContainTextAsync("Abusive language");
        await Assertions.Expect(page.Locator("#message-14")).ToContainTextAsync("Agent profanity");
        await Assertions.Expect(page.Locator("#message-2")).ToContainTextAsync("First agent response after 10");
        await Assertions.Expect(page.Locator("#message-11")).ToContainTextAsync("Cited by the agent score");
        await Assertions.Expect(page.Locator("#sla-marker-5")).ToHaveAttributeAsync("data-met", "false");
        await Assertions.Expect(page.Locator("#sla-marker-5")).ToContainTextAsync("5-minute first-response target");
        await Assertions.Expect(page.Locator("#sla-marker-15")).ToHaveAttributeAsync("data-met", "true");
        // The 5-minute target falls between the opening message (0 min) and the reply (10 min).
        Assert.Equal(1, await page.EvaluateAsync<int>("() => [...document.querySelectorAll('#thread > li')].findIndex(li => li.id === 'sla-marker-5')"));

        // The middle folds: messages 4–8 are behind one button, the evidence around them stays.
        await Assertions.Expect(page.Locator("#message-6")).ToHaveCountAsync(0);
        var fold = page.Locator("button.jq-expand-thread[data-first='4']");
        await Assertions.Expect(fold).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Show 5 more messages \\(#4–#8\\)"));
        await Assertions.Expect(fold).ToHaveAttributeAsync("aria-expanded", "false");
        await Infrastructure.Browser.ScreenshotAsync(page, "thread-evidence-folded");

        await fold.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#message-6")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("button.jq-expand-thread[data-first='4']")).ToHaveAttributeAsync("aria-expanded", "true");

        // A reason's evidence link jumps to the message it cites and marks it.
        await page.Locator("#score-agent a.jq-evidence[data-message='11']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#message-11$"));
        await Assertions.Expect(page.Locator("#message-11")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("jq-message-highlight"));
        await Infrastructure.Browser.ScreenshotAsync(page, "thread-evidence");
    }

    /// <summary>
    /// 20 messages: the customer opens, the agent replies after 10 minutes (#2), an abusive customer message (#9),
    /// a cited agent message (#11 in the test's scores) and a profane agent message (#14).
    /// </summary>
    private static Conversation LongThread(string key)
    {
        var messages = new List<ConversationMessage>();
        for (var i = 1; i <= 20; i++)
        {
            var role = i % 2 == 1 ? MessageRole.Customer : MessageRole.Agent;
            var text = i switch
            {
                9 => "This is useless, you people are idiots.",
                14 => "Sorry, the damn dock was offline.",
                _ => $"Message number {i} about the dock.",
            };
            messages.Add(Message(i, i == 9 ? MessageRole.Customer : i == 14 ? MessageRole.Agent : role, i == 1 ? 0 : 10 * (i - 1), text));
        }

        return new Conversation
        {
            IssueKey = key,
            Status = "Done",
            CreatedUtc = Opened,
            UpdatedUtc = Opened.AddDays(1),
            CustomFields = new Dictionary<string, string> { [CustomFieldKeys.Hub] = "Hub A" },
            Messages = messages,
        };
    }

    private static ConversationMessage Message(int index, MessageRole role, int minutes, string text) => new()
    {
        Index = index,
        Role = role,
        Tier = role == MessageRole.Agent ? AgentTier.Tier1 : AgentTier.None,
        AuthorId = role == MessageRole.Agent ? "agent-1" : "customer-1",
        TimestampUtc = Opened.AddMinutes(minutes),
        Text = text,
        RedactedText = text,
    };
}
