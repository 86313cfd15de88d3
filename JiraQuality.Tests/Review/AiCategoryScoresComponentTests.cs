using Bunit;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Web.Features.Review;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Review;

/// <summary>The drill-down's review panel shows the AI's score of every scorecard category next to the reviewer's.</summary>
public sealed class AiCategoryScoresComponentTests() : ReviewComponentContext(Roles.Analyst)
{

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task Custom_categories_show_the_ai_score_and_reason_or_n_a_where_the_scorer_decided_none()
    {
        await using var services = await ReviewTestServices.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Review:HideAiScoresUntilSubmitted"] = "false" });
        await services.AddConversationAsync("SUP-9", agent: 4, customer: 4, rating: 4, scorerKind: "llm");
        await using (var db = services.Database.Factory.CreateDbContext())
        {
            var stored = await db.ProcessedConversations.SingleAsync(Ct);
            stored.ScoreReasonsJson = new AssessmentDetails
            {
                Categories = new Dictionary<string, CategoryVerdict>
                {
                    ["empathy"] = new(4, "Acknowledged the missed commute in message 2."),
                    ["greeting"] = new(1, "Opened with \"Hi Ana\"."),
                    ["closing"] = new(0, null),
                    ["solution_offered"] = new(null, "Nothing to solve."),
                },
            }.ToJson();
            await db.SaveChangesAsync(Ct);
        }

        Services.AddFallbackServiceProvider(services.Services);
        await using var read = services.Database.Factory.CreateDbContext();
        var row = await read.ProcessedConversations.AsNoTracking().SingleAsync(Ct);
        var thread = new Scoring.ConversationBuilder("SUP-9").Customer(0, "dock 4 ate my bike").Agent(3, "Hi Ana, so sorry, releasing it now").Build();
        var panel = Render<ReviewPanel>(p => p.Add(x => x.Detail, new ConversationDetail(row.ToDto(), thread, [])));
        await panel.Find("#review-start").ClickAsync(new());

        panel.WaitForAssertion(() => Assert.Contains("AI: 4 / 5", panel.Find("[data-ai=empathy]").TextContent));
        Assert.Contains("Acknowledged the missed commute in message 2.", panel.Find("[data-ai=empathy]").TextContent);
        Assert.Contains("AI: pass", panel.Find("[data-ai=greeting]").TextContent);
        Assert.Contains("AI: fail", panel.Find("[data-ai=closing]").TextContent);
        Assert.Contains("AI: N/A", panel.Find("[data-ai=solution_offered]").TextContent);
        Assert.Contains("AI: N/A", panel.Find("[data-ai=tone]").TextContent);
        Assert.Contains("AI: 4 / 5", panel.Find("[data-ai=agent_score]").TextContent);
    }

    [Fact]
    public async Task The_agreement_page_lists_a_pass_fail_custom_category_with_a_two_point_matrix()
    {
        await using var services = await ReviewTestServices.CreateAsync(DatabaseProvider.Sqlite);
        Services.AddFallbackServiceProvider(services.Services);
        foreach (var (key, ai, human) in new[] { ("G-1", 1.0, 1.0), ("G-2", 1.0, 0.0), ("G-3", 0.0, 0.0) })
        {
            await services.AddConversationAsync(key, agent: 3, scorerKind: "llm");
            await using (var db = services.Database.Factory.CreateDbContext())
            {
                var stored = await db.ProcessedConversations.SingleAsync(r => r.IssueKey == key, Ct);
                stored.ScoreReasonsJson = new AssessmentDetails { Categories = new Dictionary<string, CategoryVerdict> { ["greeting"] = new(ai, null) } }.ToJson();
                await db.SaveChangesAsync(Ct);
            }

            Assert.Empty((await services.ReviewAsync(key, "ana@support.example", ("greeting", human))).Problems);
        }

        var page = Render<AgreementPage>();

        // (pass, pass) (fail, pass) (fail, fail): exact 2/3, within one 3/3.
        page.WaitForAssertion(() => Assert.Contains("greeting", page.Find("#agreement-categories tr[data-category=greeting]").TextContent));
        var cells = page.Find("#agreement-categories tr[data-category=greeting]").QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["3", "66.7%", "100%"], cells.Take(3));
        Assert.Equal(["AI fail", "AI pass"], page.FindAll("#matrix-greeting thead th[scope=col]").Skip(1).Select(h => h.TextContent.Trim()));
        Assert.Equal(["Reviewer fail", "Reviewer pass"], page.FindAll("#matrix-greeting tbody th[scope=row]").Select(h => h.TextContent.Trim()));
        Assert.Equal(["1", "1"], page.FindAll("#matrix-greeting tbody tr:nth-child(1) td").Select(c => c.TextContent.Trim()));
        Assert.Equal(["0", "1"], page.FindAll("#matrix-greeting tbody tr:nth-child(2) td").Select(c => c.TextContent.Trim()));
    }
}
