using JiraQuality.Core.Identity;
using JiraQuality.Core.Review;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Identity;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace JiraQuality.Tests.Review;

/// <summary>Reviewing a conversation in Chromium with the keyboard only, against the real app.</summary>
public sealed class ReviewBrowserTests
{
    [Fact]
    public async Task An_analyst_reviews_a_conversation_with_number_keys_and_j_k_and_sees_the_ai_after_submitting()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var browser = await Infrastructure.Browser.LaunchAsync();
        await using var factory = new JiraQualityAppFactory();
        var baseUrl = factory.StartKestrel();
        var contexts = factory.Services.GetRequiredService<JiraQualityContextFactory>();
        await PersonalDataFixtures.SeedAsync(contexts, "REV-B");
        await using (var db = contexts.CreateDbContext())
        {
            var row = await db.ProcessedConversations.SingleAsync(c => c.IssueKey == "REV-B", ct);
            (row.AgentScore, row.ConversationRating, row.CustomerScore) = (3.5, 4, null);
            await db.SaveChangesAsync(ct);
        }

        var page = await browser.OpenAsync(baseUrl + "/conversations/REV-B", role: Roles.Analyst);
        await Infrastructure.Browser.WaitForCircuitAsync(page);
        // Reading is not reviewing: the AI's cards stay until the reviewer starts.
        await Assertions.Expect(page.Locator("#score-cards")).ToBeVisibleAsync();
        await page.Locator("#review-start").ClickAsync();
        await Assertions.Expect(page.Locator("#review-ai-hidden")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#score-cards")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#ai-hidden-while-reviewing")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-ai=agent_score]")).ToContainTextAsync("hidden until you submit");
        Assert.Equal(0, await page.Locator("#review-panel style").CountAsync());

        // Category order: rating, agent, customer (N/A allowed), greeting, empathy, closing, solution offered, tone,
        // comprehension, readability, spelling. Pass/fail: 1 pass, 0 fail.
        string[] keys = ["4", "2", "n", "1", "3", "0", "1", "4", "4", "5", "5"];
        var categories = (await page.Locator(".jq-review-category").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.category)")).ToList();
        Assert.Equal(11, categories.Count);
        await page.Locator($"#review-category-{categories[0]}").FocusAsync();
        for (var i = 0; i < keys.Length; i++)
        {
            var row = page.Locator($"#review-category-{categories[i]}");
            await Assertions.Expect(row).ToBeFocusedAsync();
            await page.Keyboard.PressAsync(keys[i]);
            await Assertions.Expect(row).Not.ToHaveAttributeAsync("data-score", "");
            if (i < keys.Length - 1)
            {
                await page.Keyboard.PressAsync("j");
            }
        }

        // k goes back: the agent score is changed from 2 to 3.
        for (var i = keys.Length - 1; i > 1; i--)
        {
            await page.Keyboard.PressAsync("k");
            await Assertions.Expect(page.Locator($"#review-category-{categories[i - 1]}")).ToBeFocusedAsync();
        }

        await page.Keyboard.PressAsync("3");
        await Assertions.Expect(page.Locator("#review-category-agent_score")).ToHaveAttributeAsync("data-score", "3");
        await Assertions.Expect(page.Locator("#review-category-customer_score")).ToHaveAttributeAsync("data-score", "N/A");
        await Assertions.Expect(page.Locator("#review-category-closing")).ToHaveAttributeAsync("data-score", "fail");

        await page.Locator("#review-submit").ClickAsync();

        await Assertions.Expect(page.Locator("#review-submitted")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-ai=agent_score]")).ToContainTextAsync("AI: 3.5 / 5");
        await Assertions.Expect(page.Locator("#score-cards")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#ai-hidden-while-reviewing")).ToHaveCountAsync(0);
        await Infrastructure.Browser.ScreenshotAsync(page, "review-submitted");

        var stored = await factory.Services.GetRequiredService<ReviewService>().GetAsync("REV-B", await UserIdAsync(contexts), cancellationToken: ct);
        Assert.NotNull(stored);
        Assert.Equal(JiraQualityAppFactory.EmailFor(Roles.Analyst), stored.ReviewerEmail);
        Assert.Equal(["agent_score:3", "closing:0", "customer_score:", "greeting:1"], stored.Scores.Where(s => s.Category is "agent_score" or "closing" or "customer_score" or "greeting").Select(s => $"{s.Category}:{s.Score}"));
        Assert.Equal(3.5, stored.Scores.Single(s => s.Category == "agent_score").AiScore);
    }

    private static async Task<string> UserIdAsync(JiraQualityContextFactory contexts)
    {
        await using var db = contexts.CreateDbContext();
        var email = JiraQualityAppFactory.EmailFor(Roles.Analyst);
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken);
    }
}
