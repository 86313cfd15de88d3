using Bunit;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Review;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Web.Features.Review;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Tests.Review;

/// <summary>The Review page (quality figures, disputes, queues) and the Agreement page, rendered with bUnit over a real database.</summary>
public sealed class ReviewPagesTests : ReviewComponentContext
{
    /// <summary>The database of the running test (the tests of a class run one at a time), for services bUnit must own.</summary>
    private static TestDatabase? _database;

    public ReviewPagesTests()
        : base(Roles.Admin, services =>
        {
            // Pages look the scope up through their own IServiceProvider, which does not reach bUnit's fallback provider.
            services.AddSingleton(_ => new HubScopes(_database!.Factory));
        })
    {
        SignInAs(Roles.Admin, "admin@support.example", id: "id-admin");
    }

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_accepts_a_dispute_and_the_agents_internal_quality_follows()
    {
        await using var services = await ReviewTestServices.CreateAsync(DatabaseProvider.Sqlite);
        Services.AddFallbackServiceProvider(services.Services);
        _database = services.Database;
        services.Time.SetUtcNow(DateTimeOffset.UtcNow);
        await services.AddConversationAsync("SUP-1", agent: 2, primaryAgent: "712020:agent-1");
        var review = (await services.ReviewAsync("SUP-1", "ana@support.example", ("agent_score", 1), ("empathy", 5))).Review!;
        await services.Get<DisputeService>().OpenAsync("SUP-1", "agent_score", review.Id, "Solved on the second reply.", "lead@support.example", Ct);

        var page = Render<ReviewPage>();

        page.WaitForAssertion(() => Assert.Contains("33.3", page.Find("#quality-agents tbody tr").TextContent));
        Assert.Contains("Nothing is assigned to you.", page.Find("#my-queue-empty").TextContent);
        var row = page.Find("tr.review-dispute");
        Assert.Contains("agent_score of ana@support.example: 1", row.TextContent);
        Assert.Contains("lead@support.example: open", row.TextContent);

        page.Find(".dispute-corrected").Change("9");
        await page.Find(".dispute-accept").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("corrected score: give a whole number from 1 to 5, got 9.", page.Find("#dispute-resolve-problem").TextContent));

        page.Find(".dispute-corrected").Change("5");
        page.Find(".dispute-note").Change("Agreed.");
        await page.Find(".dispute-accept").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("accepted (corrected to 5)", page.Find("tr.review-dispute").TextContent));
        Assert.Contains("admin@support.example: accepted (5) — Agreed.", page.Find("tr.review-dispute .dispute-history").TextContent);
        Assert.Contains("100", page.Find("#quality-agents tbody tr .internal-quality").TextContent);
    }

    [Fact]
    public async Task The_agreement_page_shows_the_figures_and_matrices_and_says_when_there_is_nothing_to_compare()
    {
        await using var services = await ReviewTestServices.CreateAsync(DatabaseProvider.Sqlite);
        Services.AddFallbackServiceProvider(services.Services);
        _database = services.Database;

        var empty = Render<AgreementPage>();
        empty.WaitForAssertion(() => Assert.Contains("No reviews with an AI score", empty.Find("#agreement-empty").TextContent));

        await services.AddConversationAsync("SUP-1", agent: 3.5, model: "gpt-4o-mini", prompt: "7", scorerKind: "llm");
        await services.AddConversationAsync("SUP-2", agent: 2.5);
        await services.ReviewAsync("SUP-1", "ana@support.example", ("agent_score", 4));
        await services.ReviewAsync("SUP-2", "ana@support.example", ("agent_score", 2));

        var page = Render<AgreementPage>();

        // (4, 3.5→4) exact; (2, 2.5→3) within one: exact 50 %, within one 100 %, MAD (0.5 + 0.5)/2 = 0.5.
        page.WaitForAssertion(() => Assert.Contains("agent_score", page.Find("#agreement-categories tr[data-category=agent_score]").TextContent));
        var cells = page.Find("#agreement-categories tr[data-category=agent_score]").QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(["2", "50%", "100%", "0.5"], cells.Take(4));
        Assert.Contains("llm · gpt-4o-mini · prompt 7", page.Find("#agreement-by-scorer").TextContent);
        Assert.Contains("ana@support.example", page.Find("#agreement-by-reviewer").TextContent);
        Assert.Equal("1", page.Find("#matrix-agent_score tbody tr:nth-child(4) td:nth-of-type(4)").TextContent);

        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("/review/agreement?from=yesterday");
        var bad = Render<AgreementPage>();
        Assert.Contains("The period is not valid", bad.Find("#agreement-error").TextContent);
    }

    [Fact]
    public async Task A_calibration_session_is_created_scored_blind_and_reported()
    {
        await using var services = await ReviewTestServices.CreateAsync(DatabaseProvider.Sqlite);
        Services.AddFallbackServiceProvider(services.Services);
        _database = services.Database;
        await services.AddConversationAsync("CAL-1", agent: 3.5);

        var list = Render<CalibrationPage>();
        list.WaitForAssertion(() => Assert.Contains("No calibration sessions yet.", list.Find("#sessions-empty").TextContent));
        list.Find("#calibration-name").Change("December");
        list.Find("#calibration-keys").Change("CAL-1");
        list.Find("#calibration-reviewers-input").Change("admin@support.example, bo@support.example");
        await list.Find("#calibration-create").ClickAsync(new());
        list.WaitForAssertion(() => Assert.Contains("December", list.Find("#calibration-sessions").TextContent));
        var session = Assert.Single(await services.Get<CalibrationService>().ListAsync(Ct));

        await services.Get<ReviewService>().SaveAsync(new ReviewSubmission(
            "CAL-1", "id-bo", "bo@support.example", 1, new Dictionary<string, double?> { ["agent_score"] = 2 }, EveryCategoryRequired: false, Context: session.Id.ToString()), Ct);
        var page = Render<CalibrationPage>(p => p.Add(x => x.Id, session.Id));
        page.WaitForAssertion(() => Assert.Contains("1 review(s) submitted by 2 reviewer(s)", page.Find("#session-summary").TextContent));
        Assert.Contains("No conversation has two reviews yet.", page.Find("#spread-empty").TextContent);

        await page.Find(".calibration-conversation").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("hidden until you submit", page.Find("[data-ai=agent_score]").TextContent));
        Assert.DoesNotContain("3.5", page.Find("#review-panel").TextContent);
        Assert.DoesNotContain("bo@support.example", page.Find("#review-panel").TextContent);
    }

    [Fact]
    public async Task A_user_scoped_to_a_hub_sees_the_quality_disputes_and_agreement_of_that_hub_only()
    {
        await using var services = await ReviewTestServices.CreateAsync(DatabaseProvider.Sqlite);
        Services.AddFallbackServiceProvider(services.Services);
        _database = services.Database;
        services.Time.SetUtcNow(DateTimeOffset.UtcNow);
        await services.AddConversationAsync("BER-1", agent: 4, primaryAgent: "712020:berlin-agent", hub: "Berlin");
        await services.AddConversationAsync("MAD-1", agent: 1, primaryAgent: "557058:madrid-agent", hub: "Madrid");
        await services.ReviewAsync("BER-1", "ana@support.example", ("agent_score", 4));
        await services.ReviewAsync("MAD-1", "ana@support.example", ("agent_score", 5));
        await services.Get<DisputeService>().OpenAsync("BER-1", "agent_score", null, "Berlin reason.", "lead@support.example", Ct);
        await services.Get<DisputeService>().OpenAsync("MAD-1", "agent_score", null, "Madrid reason.", "lead@support.example", Ct);
        await using (var db = services.Database.Factory.CreateDbContext())
        {
            db.Users.Add(new ApplicationUser { Id = "id-admin", UserName = "admin@support.example", Email = "admin@support.example", AllowedHubs = "Berlin" });
            await db.SaveChangesAsync(Ct);
        }

        var page = Render<ReviewPage>();

        page.WaitForAssertion(() => Assert.Contains("712020:berlin-agent", page.Find("#quality-agents").TextContent));
        Assert.DoesNotContain("madrid", page.Find("#quality-agents").TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Madrid", page.Find("#quality-teams").TextContent);
        Assert.Equal(["BER-1"], page.FindAll("tr.review-dispute th a").Select(a => a.TextContent));

        var agreement = Render<AgreementPage>();
        agreement.WaitForAssertion(() => Assert.Equal("1", agreement.Find("#agreement-categories tr[data-category=agent_score] td").TextContent.Trim()));
    }

    [Fact]
    public async Task The_review_page_shows_the_ai_human_agreement_kpi_with_its_previous_period()
    {
        await using var services = await ReviewTestServices.CreateAsync(DatabaseProvider.Sqlite);
        Services.AddFallbackServiceProvider(services.Services);
        _database = services.Database;

        var empty = Render<AgreementKpiCard>();
        empty.WaitForAssertion(() => Assert.Contains("no reviews with an AI score yet", empty.Find("#agreement-kpi-pairs").TextContent));
        Assert.Equal("—", empty.Find("[data-testid=kpi-value]").TextContent);
        Assert.Contains("no previous figure", empty.Find("#agreement-kpi-delta").TextContent);

        await AgreementKpiTests.SeedAsync(services);
        var page = Render<ReviewPage>();

        page.WaitForAssertion(() => Assert.Equal("75%", page.Find("#kpi-ai-human-agreement [data-testid=kpi-value]").TextContent));
        Assert.Contains("AI–human agreement (30 d)", page.Find("#kpi-ai-human-agreement").TextContent);
        Assert.Contains("4 pairs, within one point 100%", page.Find("#agreement-kpi-pairs").TextContent);
        var delta = page.Find("#agreement-kpi-delta");
        Assert.Contains("jq-delta-good", delta.ClassName);
        Assert.Contains("+25 pts", delta.TextContent);
        Assert.Contains("vs previous 30 d (50%, 2 pairs)", delta.TextContent);
        Assert.Equal("/review/agreement?from=2026-11-12&to=2026-12-12", page.Find("#agreement-kpi-link").GetAttribute("href"));
    }

    [Fact]
    public async Task An_admin_closes_a_calibration_session_and_the_page_shows_it_read_only()
    {
        await using var services = await ReviewTestServices.CreateAsync(DatabaseProvider.Sqlite);
        Services.AddFallbackServiceProvider(services.Services);
        _database = services.Database;
        await services.AddConversationAsync("CAL-1", agent: 3.5);
        var (session, _) = await services.Get<CalibrationService>().CreateAsync("February", ["CAL-1"], ["admin@support.example", "bo@support.example"], "lead@support.example", Ct);

        var page = Render<CalibrationPage>(p => p.Add(x => x.Id, session!.Id));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".calibration-conversation")));
        Assert.Empty(page.FindAll("#session-closed"));

        await page.Find("#calibration-close").ClickAsync(new());
        Assert.Contains("for good", page.Find("#calibration-close-question").TextContent);
        await page.Find("#calibration-close-cancel").ClickAsync(new());
        Assert.Empty(page.FindAll("#calibration-close-question"));
        Assert.False((await services.Get<CalibrationService>().GetReportAsync(session!.Id, Ct))!.Session.Closed);

        await page.Find("#calibration-close").ClickAsync(new());
        await page.Find("#calibration-close-confirm").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("read-only", page.Find("#session-closed").TextContent));
        Assert.Contains("February (closed)", page.Find("#session-name").TextContent);
        Assert.Empty(page.FindAll(".calibration-conversation"));
        Assert.Empty(page.FindAll("#calibration-close"));
        Assert.True((await services.Get<CalibrationService>().GetReportAsync(session.Id, Ct))!.Session.Closed);

        var list = Render<CalibrationPage>();
        list.WaitForAssertion(() => Assert.Contains("February · closed", list.Find("#calibration-sessions li[data-closed=true]").TextContent));
    }
}
