using Bunit;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Review;
using JiraQuality.Core.Storage;
using JiraQuality.Web.Features.Review;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Review;

/// <summary>The review panel on the drill-down and the scorecard's Settings section, rendered with bUnit over a real database.</summary>
public sealed class ReviewComponentTests() : ReviewComponentContext(Roles.Analyst)
{

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    private async Task<(ReviewTestServices Services, ConversationDetail Detail)> ConversationAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, IDictionary<string, string?>? settings = null)
    {
        var services = await ReviewTestServices.CreateAsync(provider, settings);
        await services.AddConversationAsync("SUP-7", agent: 3.5, customer: 4, rating: 4);
        Services.AddFallbackServiceProvider(services.Services);
        await using var db = services.Database.Factory.CreateDbContext();
        var row = await db.ProcessedConversations.AsNoTracking().SingleAsync(Ct);
        var thread = new Scoring.ConversationBuilder("SUP-7").Customer(0, "my bike is stuck").Agent(3, "unlocking it now").Customer(6, "thanks").Build();
        return (services, new ConversationDetail(row.ToDto(), thread, [new ScoreExplanation("agent", 3.5, "Quick but terse.", [2])]));
    }

    private static void Key(IRenderedComponent<ReviewPanel> panel, string category, string key) =>
        panel.Find($"#review-category-{category}").KeyDown(new KeyboardEventArgs { Key = key });

    [Fact]
    public async Task A_reviewer_scores_by_keyboard_without_seeing_the_ai_and_sees_it_after_submitting()
    {
        var (services, detail) = await ConversationAsync();
        await using var _ = services;

        var reviewing = new List<bool>();
        var panel = Render<ReviewPanel>(p => p.Add(x => x.Detail, detail).Add(x => x.ReviewingChanged, hidden => reviewing.Add(hidden)));

        // Reading the drill-down keeps the page's AI figures; starting a review tells the page to hide them. The panel
        // itself emits no style rule for the page.
        Assert.Empty(reviewing);
        Assert.Empty(panel.FindAll("[data-ai=agent_score]"));
        await panel.Find("#review-start").ClickAsync(new());
        Assert.Equal([true], reviewing);
        Assert.Empty(panel.FindAll("style"));
        Assert.Contains("hidden until you submit", panel.Find("[data-ai=agent_score]").TextContent);
        Assert.DoesNotContain("3.5", panel.Find("[data-ai=agent_score]").TextContent);
        Assert.DoesNotContain("Quick but terse.", panel.Markup);

        // Number keys score the focused category; j and k move between categories.
        panel.Find("#review-category-conversation_rating").Focus();
        Key(panel, "conversation_rating", "4");
        Key(panel, "conversation_rating", "j");
        panel.WaitForAssertion(() => Assert.Contains("jq-review-category-focused", panel.Find("#review-category-agent_score").ClassName));
        Key(panel, "agent_score", "2");
        Key(panel, "agent_score", "k");
        Key(panel, "conversation_rating", "5");
        Key(panel, "customer_score", "n");
        Key(panel, "greeting", "1");
        Key(panel, "greeting", "7");
        Key(panel, "empathy", "0");
        Key(panel, "empathy", "3");
        Key(panel, "closing", "0");
        Key(panel, "solution_offered", "1");
        Assert.Equal("5", panel.Find("#review-category-conversation_rating").GetAttribute("data-score"));
        Assert.Equal("2", panel.Find("#review-category-agent_score").GetAttribute("data-score"));
        Assert.Equal("N/A", panel.Find("#review-category-customer_score").GetAttribute("data-score"));
        Assert.Equal("pass", panel.Find("#review-category-greeting").GetAttribute("data-score"));
        Assert.Equal("3", panel.Find("#review-category-empathy").GetAttribute("data-score"));
        Assert.Equal("fail", panel.Find("#review-category-closing").GetAttribute("data-score"));

        await panel.Find("#review-submit").ClickAsync(new());
        panel.WaitForAssertion(() => Assert.Contains("Tone: not scored yet.", panel.Find("#review-problems").TextContent));
        Assert.Equal([true], reviewing);
        Assert.Null(await services.Get<ReviewService>().GetAsync("SUP-7", "id-ana@support.example", cancellationToken: Ct));

        foreach (var category in new[] { "tone", "comprehension", "readability", "spelling" })
        {
            Key(panel, category, "4");
        }

        panel.Find("#review-comment").Input("The customer had to ask twice.");
        panel.Find("#review-comment-message").Change("3");
        await panel.Find("#review-submit").ClickAsync(new());

        panel.WaitForAssertion(() => Assert.Contains("AI: 3.5 / 5", panel.Find("[data-ai=agent_score]").TextContent));
        Assert.Contains("Quick but terse.", panel.Markup);
        Assert.Equal([true, false], reviewing);
        Assert.Contains("Review saved: total", panel.Find("#review-status").TextContent);
        Assert.Contains("ana@support.example", panel.Find("#reviews-table").TextContent);
        var stored = await services.Get<ReviewService>().GetAsync("SUP-7", "id-ana@support.example", cancellationToken: Ct);
        Assert.Equal(1, stored!.ScorecardVersion);
        Assert.Equal([(3, "The customer had to ask twice.")], stored.Comments.Select(c => (c.MessageIndex, c.Text)));
        Assert.Equal(10, stored.Scores.Count(s => s.Score is not null));
        Assert.Equal(3.5, stored.Scores.Single(s => s.Category == "agent_score").AiScore);

        // The page shows another conversation: its review starts unstarted and the page's AI cards stay.
        panel.Render(p => p.Add(x => x.Detail, detail with { Processed = new ProcessedConversationDto { IssueKey = "SUP-8", AgentScore = 2 } }));
        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("#review-start")));
        Assert.Equal([true, false], reviewing);
        await panel.Find("#review-start").ClickAsync(new());
        Assert.Equal([true, false, true], reviewing);
        panel.Render(p => p.Add(x => x.Detail, detail with { Processed = new ProcessedConversationDto { IssueKey = "SUP-9", AgentScore = 2 } }));
        panel.WaitForAssertion(() => Assert.Equal([true, false, true, false], reviewing));
    }

    [Fact]
    public async Task A_reviewer_adds_comments_to_chosen_messages_removes_one_and_sees_them_encoded_with_the_saved_review()
    {
        var (services, detail) = await ConversationAsync();
        await using var _ = services;
        var panel = Render<ReviewPanel>(p => p.Add(x => x.Detail, detail));
        await panel.Find("#review-start").ClickAsync(new());
        foreach (var row in panel.FindAll("[data-category]").Select(r => r.GetAttribute("data-category")!).ToList())
        {
            Key(panel, row, row is "greeting" or "closing" or "solution_offered" ? "1" : "4");
        }

        Assert.Contains("No comments yet.", panel.Find("#review-comments-empty").TextContent);
        Assert.True(panel.Find("#review-comment-add").HasAttribute("disabled"));
        panel.Find("#review-comment").Input("Asked <b>twice</b>");
        panel.Find("#review-comment-message").Change("3");
        await panel.Find("#review-comment-add").ClickAsync(new());
        panel.Find("#review-comment").Input("Wrong anchor");
        panel.Find("#review-comment-message").Change("0");
        await panel.Find("#review-comment-add").ClickAsync(new());
        panel.Find("#review-comment").Input("Solved in the end");
        panel.Find("#review-comment-message").Change("");
        await panel.Find("#review-comment-add").ClickAsync(new());

        var items = panel.FindAll("#review-comments li");
        Assert.Equal(["Message #3: Asked <b>twice</b>", "Message #0: Wrong anchor", "Whole conversation: Solved in the end"],
            items.Select(i => i.QuerySelector(".review-comment-about")!.TextContent + " " + i.QuerySelector(".review-comment-text")!.TextContent));
        Assert.Equal("", panel.Find("#review-comment").GetAttribute("value") ?? "");
        Assert.Equal("Remove comment 2 (Message #0)", items[1].QuerySelector("button")!.GetAttribute("aria-label"));
        await items[1].QuerySelector("button")!.ClickAsync(new());
        Assert.Equal(2, panel.FindAll("#review-comments li").Count);

        await panel.Find("#review-submit").ClickAsync(new());
        panel.WaitForAssertion(() => Assert.Contains("Review saved: total", panel.Find("#review-status").TextContent));

        var stored = await services.Get<ReviewService>().GetAsync("SUP-7", "id-ana@support.example", cancellationToken: Ct);
        Assert.Equal([(3, "Asked <b>twice</b>"), (null, "Solved in the end")], stored!.Comments.Select(c => (c.MessageIndex, c.Text)));

        // Shown with the saved review, the message linked and the text encoded.
        var saved = panel.Find("#reviews-table .review-saved-comments");
        Assert.Equal("#message-3", saved.QuerySelector("a.review-comment-anchor")!.GetAttribute("href"));
        Assert.Contains("Asked &lt;b&gt;twice&lt;/b&gt;", saved.InnerHtml);
        Assert.Empty(saved.QuerySelectorAll("b"));
        Assert.Contains("Solved in the end", saved.TextContent);

        // Editing the review starts from its saved comments.
        Assert.Equal(2, panel.FindAll("#review-comments li").Count);
    }

    [Fact]
    public async Task With_the_setting_off_the_ai_scores_show_while_scoring_and_viewers_get_no_panel()
    {
        var (services, detail) = await ConversationAsync(settings: new Dictionary<string, string?> { ["Review:HideAiScoresUntilSubmitted"] = "false" });
        await using var _ = services;

        var reviewing = new List<bool>();
        var panel = Render<ReviewPanel>(p => p.Add(x => x.Detail, detail).Add(x => x.ReviewingChanged, hidden => reviewing.Add(hidden)));
        await panel.Find("#review-start").ClickAsync(new());
        Assert.Contains("AI: 3.5 / 5", panel.Find("[data-ai=agent_score]").TextContent);
        Assert.Empty(reviewing);

        SignInAs(Roles.Viewer);
        var forViewer = Render<ReviewPanel>(p => p.Add(x => x.Detail, detail));
        Assert.Empty(forViewer.FindAll("#review-panel"));
    }

    [Fact]
    public async Task A_dispute_of_the_ai_score_is_opened_from_the_panel_after_submitting()
    {
        var (services, detail) = await ConversationAsync();
        await using var _ = services;
        var scorecard = await services.Get<ScorecardStore>().GetCurrentAsync(Ct);
        await services.Get<ReviewService>().SaveAsync(new ReviewSubmission(
            "SUP-7", "id-ana@support.example", "ana@support.example", 1, scorecard.Categories.ToDictionary(c => c.Key, c => (double?)(c.Scale == ScorecardScales.PassFail ? 1 : 4))), Ct);

        var panel = Render<ReviewPanel>(p => p.Add(x => x.Detail, detail));
        Assert.Contains("Submitted · total 81.8", panel.Find("#review-submitted").TextContent);
        await panel.Find("#dispute-open").ClickAsync(new());
        panel.WaitForAssertion(() => Assert.Contains("reason: say why", panel.Find("#dispute-status").TextContent));
        panel.Find("#dispute-reason").Input("The fix was in the internal note.");
        await panel.Find("#dispute-open").ClickAsync(new());

        panel.WaitForAssertion(() => Assert.Contains("open", panel.Find("#disputes-list").TextContent));
        var dispute = Assert.Single(await services.Get<DisputeService>().ListAsync(DisputeStates.Open, Ct));
        Assert.Equal(("agent_score", (Guid?)null, 3.5, "ana@support.example"), (dispute.Category, dispute.ReviewId, dispute.DisputedScore!.Value, dispute.OpenedBy));
    }

    [Fact]
    public async Task The_settings_section_saves_an_edited_scorecard_as_a_new_version()
    {
        var (services, _) = await ConversationAsync();
        await using var __ = services;

        var section = Render<ScorecardSettingsSection>();
        section.WaitForAssertion(() => Assert.Contains("Version 1 (the defaults)", section.Find("#scorecard-version").TextContent));
        Assert.Equal(11, section.FindAll("tr.scorecard-category").Count);
        Assert.Empty(section.FindAll("tr.scorecard-category[data-key=agent_score] .scorecard-remove"));
        Assert.True(section.Find("tr.scorecard-category[data-key=agent_score] .scorecard-scale").HasAttribute("disabled"));

        await section.Find("#scorecard-add").ClickAsync(new());
        await section.Find("#scorecard-save").ClickAsync(new());
        section.WaitForAssertion(() => Assert.Contains("Category 12: a name is required.", section.Find("#scorecard-problems").TextContent));

        var added = section.FindAll("tr.scorecard-category")[^1];
        added.QuerySelector(".scorecard-name")!.Change("Followed process");
        section.FindAll("tr.scorecard-category")[^1].QuerySelector(".scorecard-scale")!.Change(ScorecardScales.PassFail);
        section.FindAll("tr.scorecard-category")[^1].QuerySelector(".scorecard-critical")!.Change(true);
        section.Find("tr.scorecard-category[data-key=tone] .scorecard-weight").Change("2.5");
        await section.Find("tr.scorecard-category[data-key=spelling] .scorecard-remove").ClickAsync(new());
        await section.Find("#scorecard-save").ClickAsync(new());

        section.WaitForAssertion(() => Assert.Contains("Saved as scorecard version 2.", section.Find("#scorecard-status").TextContent));
        var current = await services.Get<ScorecardStore>().GetCurrentAsync(Ct);
        Assert.Equal(2, current.Version);
        Assert.Equal("ana@support.example", current.CreatedBy);
        var followed = current.Find("followed_process")!;
        Assert.Equal((ScorecardScales.PassFail, true, "Followed process"), (followed.Scale, followed.Critical, followed.Name));
        Assert.Equal(2.5, current.Find("tone")!.Weight);
        Assert.Null(current.Find("spelling"));
        await using var db = services.Database.Factory.CreateDbContext();
        Assert.Contains(await db.AuditEntries.ToListAsync(Ct), e => e.Action == AuditActions.SettingsChanged && e.Target == "scorecard" && e.Actor == "ana@support.example");
    }
}
