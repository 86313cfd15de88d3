using JiraQuality.Core.Review;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;

namespace JiraQuality.Tests.Review;

/// <summary>Calibration sessions on both providers: blind reviews kept apart, spread per category, reviewers against the consensus.</summary>
public sealed class CalibrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_hub_scoped_user_creates_and_sees_only_sessions_of_their_hubs(DatabaseProvider provider)
    {
        await using var services = await ReviewTestServices.CreateAsync(provider);
        await services.AddConversationAsync("BER-1", agent: 3, hub: "Berlin");
        await services.AddConversationAsync("BER-2", agent: 4, hub: "Berlin");
        await services.AddConversationAsync("LIS-1", agent: 2, hub: "Lisbon");
        var calibration = services.Get<CalibrationService>();
        string[] reviewers = ["ana@support.example", "bo@support.example"];

        var refused = await calibration.CreateAsync("Mixed", ["BER-1", "LIS-1"], reviewers, "lead@support.example", Ct, allowedHubs: "Berlin");
        Assert.Equal(("conversations: outside your hubs: LIS-1.", null), (refused.Problem, refused.Session));
        Assert.Empty(await calibration.ListAsync(Ct));

        var berlin = (await calibration.CreateAsync("Berlin", ["BER-1", "BER-2"], reviewers, "lead@support.example", Ct, allowedHubs: "Berlin")).Session!;
        services.Time.Advance(TimeSpan.FromMinutes(1));
        var mixed = (await calibration.CreateAsync("Everything", ["BER-1", "LIS-1"], reviewers, "admin@support.example", Ct)).Session!;

        Assert.Equal(["Everything", "Berlin"], (await calibration.ListAsync(Ct)).Select(s => s.Name));
        Assert.Equal(["Berlin"], (await calibration.ListAsync(Ct, allowedHubs: "Berlin")).Select(s => s.Name));
        Assert.Empty(await calibration.ListAsync(Ct, allowedHubs: "Lisbon"));
        Assert.NotNull(await calibration.GetReportAsync(berlin.Id, Ct, allowedHubs: "Berlin"));
        Assert.Null(await calibration.GetReportAsync(mixed.Id, Ct, allowedHubs: "Berlin"));
        Assert.Null(await calibration.GetReportAsync(berlin.Id, Ct, allowedHubs: "Lisbon"));
        Assert.NotNull(await calibration.GetReportAsync(mixed.Id, Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_session_shows_the_spread_and_each_reviewer_against_the_consensus(DatabaseProvider provider)
    {
        await using var services = await ReviewTestServices.CreateAsync(provider);
        await services.AddConversationAsync("CAL-1", agent: 3);
        await services.AddConversationAsync("CAL-2", agent: 4);
        var calibration = services.Get<CalibrationService>();

        Assert.Equal("reviewers: calibration needs at least two reviewers.", (await calibration.CreateAsync("x", ["CAL-1"], ["ana@support.example"], "admin", Ct)).Problem);
        Assert.Equal("conversations: not processed: NOPE-1.", (await calibration.CreateAsync("x", ["CAL-1", "NOPE-1"], ["ana@support.example", "bo@support.example"], "admin", Ct)).Problem);
        var (session, problem) = await calibration.CreateAsync("December", ["CAL-1", "CAL-2"], ["ana@support.example", "Bo@support.example", "cy@support.example"], "admin@support.example", Ct);
        Assert.Null(problem);

        async Task ScoreAsync(string key, string reviewer, double agent, double? empathy = null)
        {
            var scores = new Dictionary<string, double?> { ["agent_score"] = agent };
            if (empathy is { } e)
            {
                scores["empathy"] = e;
            }

            var saved = await services.Get<ReviewService>().SaveAsync(new ReviewSubmission(key, "id-" + reviewer, reviewer, 1, scores, EveryCategoryRequired: false, Context: session!.Id.ToString()), Ct);
            Assert.Equal(ReviewSaveOutcome.Created, saved.Outcome);
        }

        // agent_score: CAL-1 ana 4, bo 2, cy 3 → consensus 3, range 2, SD √((1 + 1 + 0)/3) = √(2/3) ≈ 0.8165;
        //              CAL-2 all 5 → consensus 5, range 0, SD 0. Mean range 1, mean SD √(2/3)/2 ≈ 0.4082.
        // empathy: only ana scored it (CAL-1), so it is not compared.
        // Against consensus: ana |4−3|, |5−5| → 0.5, at consensus 1 of 2; bo the same; cy 0 and 0 → 0, 2 of 2.
        await ScoreAsync("CAL-1", "ana@support.example", 4, empathy: 2);
        await ScoreAsync("CAL-1", "bo@support.example", 2);
        await ScoreAsync("CAL-1", "cy@support.example", 3);
        await ScoreAsync("CAL-2", "ana@support.example", 5);
        await ScoreAsync("CAL-2", "bo@support.example", 5);
        await ScoreAsync("CAL-2", "cy@support.example", 5);

        var report = (await calibration.GetReportAsync(session!.Id, Ct))!;

        Assert.Equal(6, report.Submitted);
        Assert.Equal(["ana@support.example", "bo@support.example", "cy@support.example"], report.Session.Reviewers);
        var spread = Assert.Single(report.Spread);
        Assert.Equal(("agent_score", 2, 1.0), (spread.Category, spread.Conversations, spread.MeanRange!.Value));
        Assert.Equal(Math.Sqrt(2.0 / 3.0) / 2, spread.MeanStandardDeviation!.Value, 12);
        Assert.Equal(
            ["ana@support.example:2:0.5:0.5", "bo@support.example:2:0.5:0.5", "cy@support.example:2:0:1"],
            report.Reviewers.Select(r => $"{r.Reviewer}:{r.Scores}:{r.MeanAbsoluteDifference}:{r.ExactShare}"));

        // Calibration reviews are kept apart: no ordinary review, no agreement pair.
        Assert.Null(await services.Get<ReviewService>().GetAsync("CAL-1", "id-ana@support.example", cancellationToken: Ct));
        Assert.Empty(await services.Get<ReviewService>().ListForConversationAsync("CAL-1", Ct));
        Assert.Equal(0, (await services.Get<AgreementQuery>().GetAsync(null, null, Ct)).Categories.Sum(c => c.Pairs));
        Assert.Single(await calibration.ListAsync(Ct));
        Assert.Null(await calibration.GetReportAsync(Guid.NewGuid(), Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_closed_session_is_read_only_and_its_results_are_final(DatabaseProvider provider)
    {
        await using var services = await ReviewTestServices.CreateAsync(provider);
        await services.AddConversationAsync("CAL-1", agent: 3);
        var calibration = services.Get<CalibrationService>();
        var (session, _) = await calibration.CreateAsync("January", ["CAL-1"], ["ana@support.example", "bo@support.example"], "lead@support.example", Ct);
        var context = session!.Id.ToString();

        Task<ReviewSaveResult> ScoreAsync(string reviewer, double agent) => services.Get<ReviewService>().SaveAsync(
            new ReviewSubmission("CAL-1", "id-" + reviewer, reviewer, 1, new Dictionary<string, double?> { ["agent_score"] = agent }, EveryCategoryRequired: false, Context: context), Ct);

        Assert.Equal(ReviewSaveOutcome.Created, (await ScoreAsync("ana@support.example", 4)).Outcome);
        Assert.Equal(ReviewSaveOutcome.Created, (await ScoreAsync("bo@support.example", 2)).Outcome);

        // A reviewer who neither created the session nor is an admin cannot close it.
        var refused = await calibration.CloseAsync(session.Id, "ana@support.example", actorIsAdmin: false, Ct);
        Assert.Equal("Only the session's creator or an admin can close it.", refused.Problem);
        Assert.False((await calibration.GetReportAsync(session.Id, Ct))!.Session.Closed);

        var closed = await calibration.CloseAsync(session.Id, "LEAD@support.example", actorIsAdmin: false, Ct);
        Assert.Null(closed.Problem);
        Assert.True(closed.Session!.Closed);
        Assert.True((await calibration.CloseAsync(session.Id, "admin@support.example", actorIsAdmin: true, Ct)).Session!.Closed);
        Assert.Equal("There is no such calibration session.", (await calibration.CloseAsync(Guid.NewGuid(), "admin@support.example", actorIsAdmin: true, Ct)).Problem);

        // Neither a change nor a new review is stored; the figures stay as they were when it closed.
        var changed = await ScoreAsync("ana@support.example", 2);
        Assert.Equal(ReviewSaveOutcome.Invalid, changed.Outcome);
        Assert.Equal(["The calibration session is closed: its results are final and no review can be changed."], changed.Problems);
        var report = (await calibration.GetReportAsync(session.Id, Ct))!;
        Assert.True(report.Session.Closed);
        Assert.Equal(2, report.Submitted);
        Assert.Equal(2, Assert.Single(report.Spread).MeanRange);
        Assert.True(Assert.Single(await calibration.ListAsync(Ct)).Closed);

        // Ordinary reviews of the same conversation are not affected.
        Assert.Equal(ReviewSaveOutcome.Created, (await services.ReviewAsync("CAL-1", "ana@support.example", ("agent_score", 2))).Outcome);
    }
}
