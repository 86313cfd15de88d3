using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Playwright;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Web;

/// <summary>
/// Every page under the real Content-Security-Policy in Chromium: charts, MudBlazor components and the Blazor circuit
/// work, and the browser reports no violation and no console error.
/// </summary>
public sealed class ContentSecurityPolicyBrowserTests
{
    private const string RecordViolations = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
        """;

    [Fact]
    public async Task Pages_run_under_the_policy_without_violations()
    {
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        await SeedAsync(factory);

        var page = await browser.NewSignedInPageAsync(baseUrl + "/", Core.Identity.Roles.Admin);
        await page.AddInitScriptAsync(RecordViolations);
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add("page error: " + error);

        await page.GotoAsync(baseUrl + "/?asOf=2024-04-10T11:00:00Z");
        await Infrastructure.Browser.WaitForCircuitAsync(page);
        await Assertions.Expect(page.Locator("#chart-volume svg").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#kpi-volume [data-testid=kpi-value]")).ToHaveTextAsync("6");
        await AssertNoViolationsAsync(page, problems, "dashboard");

        // An interactive action answered over the circuit: the window switch re-queries and redraws.
        await page.Locator("#window-24h").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("window=24h"));
        await Assertions.Expect(page.Locator("#kpi-volume [data-testid=kpi-value]")).ToHaveTextAsync("4");
        await Assertions.Expect(page.Locator("#chart-volume svg").First).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, problems, "dashboard");

        foreach (var (path, title) in new[]
        {
            ("/conversations?asOf=2024-04-10T11:00:00Z", "Conversations"),
            ("/conversations/WEB-1", "WEB-1"),
            ("/import", "Import"),
            ("/jobs", "Jobs"),
            ("/settings", "Settings"),
        })
        {
            await page.GotoAsync(baseUrl + path);
            await Infrastructure.Browser.WaitForCircuitAsync(page);
            await Assertions.Expect(page.Locator("h1#page-title")).ToHaveTextAsync(title);
            await AssertNoViolationsAsync(page, problems, path);
        }

        // The theme switch rewrites MudBlazor's theme styles; the circuit answers and the policy still holds.
        await page.Locator("#theme-toggle").ClickAsync();
        await page.Locator("#nav-dashboard").ClickAsync();
        await Assertions.Expect(page.Locator("h1#page-title")).ToHaveTextAsync("Dashboard");
        await AssertNoViolationsAsync(page, problems, "dark theme");
    }

    private static async Task AssertNoViolationsAsync(IPage page, List<string> problems, string where)
    {
        // Violation events are dispatched asynchronously; give late ones a moment to arrive.
        await page.WaitForTimeoutAsync(300);
        var violations = await page.EvaluateAsync<string[]>("() => window.__cspViolations ?? []");
        Assert.True(violations.Length == 0, $"{where}: " + string.Join(Environment.NewLine, violations));
        Assert.True(problems.Count == 0, $"{where}: " + string.Join(Environment.NewLine, problems));
    }

    private static async Task SeedAsync(JiraQualityAppFactory factory)
    {
        var options = new StorageOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(factory.DataDirectory, "test.db")};Pooling=False" };
        var contexts = new JiraQualityContextFactory(options);
        var latest = Now.AddHours(-1);
        await using var db = contexts.CreateDbContext();
        db.ProcessedConversations.AddRange(
            Row("WEB-1", latest, r => r.Resolved = false),
            Row("WEB-2", latest.AddHours(-2), r => r.Resolved = true),
            Row("WEB-3", latest.AddHours(-3), r => r.Resolved = false),
            Row("OTHER-4", latest.AddHours(-4)),
            Row("OTHER-5", latest.AddDays(-3)),
            Row("OTHER-6", latest.AddDays(-5)));
        db.PreparedConversations.Add(new PreparedConversation
        {
            IssueKey = "WEB-1",
            Summary = "Scooter will not start",
            ThreadJson = ConversationJson.SerializeMessages(Enumerable.Range(1, 4).Select(i => new ConversationMessage
            {
                Index = i,
                Role = i % 2 == 1 ? MessageRole.Customer : MessageRole.Agent,
                Tier = i % 2 == 1 ? AgentTier.None : AgentTier.Tier1,
                Text = $"Message {i}",
                TimestampUtc = latest.AddMinutes(-60 + (i * 4)),
            }).ToList()),
            PreparedAtUtc = latest,
        });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}
