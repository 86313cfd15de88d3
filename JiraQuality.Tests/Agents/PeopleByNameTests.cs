using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Agents;

/// <summary>Agents and customers appear by the names the tickets carry, not by their account ids; links keep the ids.</summary>
public sealed class PeopleByNameTests
{
    private const string AgentId = "712020:0000000a-1111-2222-3333-444444444444";
    private const string CustomerId = "qm:0c7e5a1b-9f3d-4c2e-8a7b-1d2e3f4a5b6c";
    private const string CommenterId = "5b10ac8d82e05b22cc7d4ef5";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Names_come_from_reporters_assignees_and_named_comment_authors_and_hide_personal_data(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await using (var context = db.Factory.CreateDbContext())
        {
            context.PreparedConversations.AddRange(Prepared("N-1"), Prepared("N-2", reporter: "rui.costa@example.org", reporterId: "qm:other"));
            await context.SaveChangesAsync(Ct);
        }

        var names = await new PersonNameDirectory(db.Factory, new FakeTimeProvider(DateTimeOffset.UtcNow)).GetAsync(Ct);

        Assert.Equal("Maria Silva", names.Find(CustomerId));
        Assert.Equal("Ana Agent", names.Find(AgentId));
        Assert.Equal("Bruno Second", names.Find(CommenterId));
        Assert.DoesNotContain("rui.costa", names.Find("qm:other") ?? "");
        Assert.Null(names.Find("unknown"));
    }

    [Fact]
    public async Task The_list_the_dashboard_and_the_thread_show_names_and_links_keep_ids()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        await using (var db = factory.Services.GetRequiredService<JiraQualityContextFactory>().CreateDbContext())
        {
            db.PreparedConversations.Add(Prepared("NAME-1"));
            db.ProcessedConversations.Add(Row("NAME-1", Now.AddHours(-1), r =>
            {
                r.PrimaryAgent = AgentId;
                r.AgentAuthors = AgentId;
                r.FirstResponder = AgentId;
                r.Reporter = CustomerId;
                r.CustomerAuthors = CustomerId;
                r.CustomerAbuseDetected = true;
                r.CustomerAbuseCount = 1;
            }));
            await db.SaveChangesAsync(Ct);
        }

        var page = await browser.OpenAsync(baseUrl + "/conversations?window=24h&asOf=2024-04-10T12:00:00Z");
        await Assertions.Expect(page.Locator(".agent-name").First).ToHaveTextAsync("Ana Agent");
        await Assertions.Expect(page.Locator(".customer-name").First).ToHaveTextAsync("Maria Silva");
        Assert.DoesNotContain(CustomerId, await page.Locator("#conversations-grid").InnerTextAsync());

        var dashboard = await browser.OpenAsync(baseUrl + "/?window=24h&asOf=2024-04-10T12:00:00Z");
        var matrixLink = dashboard.Locator("#panel-agent-matrix a", new PageLocatorOptions { HasText = "Ana Agent" });
        await Assertions.Expect(matrixLink).ToBeVisibleAsync();
        // The name opens the agent's page in the same window; the conversation count opens the list narrowed to them.
        Assert.StartsWith("/agents/" + Uri.EscapeDataString(AgentId) + "?", await matrixLink.GetAttributeAsync("href"));
        var countLink = dashboard.Locator("#panel-agent-matrix").GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^\\d+ conversations of Ana Agent$") });
        Assert.Contains("agent=" + Uri.EscapeDataString(AgentId), await countLink.GetAttributeAsync("href"));
        await Assertions.Expect(dashboard.Locator("#panel-abusive-customers")).ToContainTextAsync("Maria Silva");
        Assert.DoesNotContain(AgentId, await dashboard.Locator("#panel-agent-matrix").InnerTextAsync());

        // By keyboard: the link is reachable and named by the agent's name for a screen reader.
        await dashboard.Locator("#panel-agent-matrix").GetByRole(AriaRole.Link, new() { Name = "Ana Agent", Exact = true }).FocusAsync();
        await dashboard.Keyboard.PressAsync("Enter");
        await Assertions.Expect(dashboard).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/agents/" + System.Text.RegularExpressions.Regex.Escape(Uri.EscapeDataString(AgentId)) + "\\?window=24h"));
        await Assertions.Expect(dashboard.Locator("h1")).ToContainTextAsync("Ana Agent");

        await page.Locator("a.jq-issue-link", new PageLocatorOptions { HasText = "NAME-1" }).ClickAsync();
        var authors = page.Locator("li.jq-message .jq-author");
        await Assertions.Expect(authors).ToHaveTextAsync(["Maria Silva", "Ana Agent", "Bruno Second"]);
        await Assertions.Expect(page.Locator("#detail-primary-agent")).ToContainTextAsync("Ana Agent");
        await Infrastructure.Browser.ScreenshotAsync(page, "people-by-name");
    }

    private static PreparedConversation Prepared(string issueKey, string reporter = "Maria Silva", string reporterId = CustomerId) => new()
    {
        IssueKey = issueKey,
        Summary = "Bike will not unlock",
        Reporter = reporter,
        ReporterAccountId = reporterId,
        Assignee = "Ana Agent",
        AssigneeAccountId = AgentId,
        ThreadJson = ConversationJson.SerializeMessages(
        [
            new() { Index = 1, Role = MessageRole.Customer, AuthorId = reporterId, Text = "It stays locked.", TimestampUtc = Now.AddMinutes(-90) },
            new() { Index = 2, Role = MessageRole.Agent, Tier = AgentTier.Tier1, AuthorId = AgentId, Text = "Unlocked it remotely.", TimestampUtc = Now.AddMinutes(-80) },
            new() { Index = 3, Role = MessageRole.Agent, Tier = AgentTier.Tier2, AuthorId = CommenterId, AuthorName = "Bruno Second", Text = "Checked the dock.", TimestampUtc = Now.AddMinutes(-70) },
        ]),
        PreparedAtUtc = Now,
    };
}
