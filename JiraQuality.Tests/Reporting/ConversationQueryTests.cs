using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Reporting;

public sealed class ConversationQueryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Lists_are_paged_sorted_focused_and_agree_with_their_kpi(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var rows = Enumerable.Range(1, 30)
            .Select(i => Row($"L-{i:00}", Now.AddHours(-i), r => { r.Resolved = i % 3 == 0; Scores(r, i % 5 + 1, 3); }))
            .Append(Row("L-OLD", Now.AddDays(-8), r => r.Resolved = false))
            .ToArray();
        await SeedAsync(db, rows);
        var conversations = ConversationQueryFor(db);

        var first = await conversations.GetPageAsync(new ConversationListRequest { Window = MetricsWindow.Last7Days, PageSize = 10 }, Ct);
        Assert.Equal(30, first.Total);
        Assert.Equal(["L-01", "L-02", "L-03"], first.Items.Take(3).Select(i => i.IssueKey));
        Assert.Equal(DateTimeKind.Utc, first.Items[0].EndedUtc!.Value.Kind);

        var third = await conversations.GetPageAsync(new ConversationListRequest { Window = MetricsWindow.Last7Days, PageSize = 10, Page = 2 }, Ct);
        Assert.Equal("L-30", third.Items[^1].IssueKey);

        var unresolved = await conversations.GetPageAsync(new ConversationListRequest { Window = MetricsWindow.Last7Days, Focus = ConversationFocus.Unresolved, PageSize = 100 }, Ct);
        var kpi = (await CreateMetrics(db).GetKpisAsync(null, MetricsFilter.None, Ct))[1].Current[KpiId.UnresolvedPercent];
        Assert.Equal(kpi.Count, unresolved.Total);
        Assert.All(unresolved.Items, i => Assert.False(i.Resolved));

        var byScore = await conversations.GetPageAsync(new ConversationListRequest { Window = MetricsWindow.Last7Days, Sort = ConversationSort.AgentScore, Descending = false, PageSize = 6 }, Ct);
        Assert.All(byScore.Items, i => Assert.Equal(1, i.AgentScore));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Neighbours_follow_the_list_order_within_the_filter(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db,
            Row("N-1", Now.AddHours(-1)),
            Row("N-2", Now.AddHours(-2), r => r.Hub = "Hub B"),
            Row("N-3", Now.AddHours(-3)),
            Row("N-4", Now.AddHours(-3)),
            Row("N-5", Now.AddHours(-5)));
        var conversations = ConversationQueryFor(db);
        var request = new ConversationListRequest { Window = MetricsWindow.Last24Hours, Filter = new MetricsFilter { Hub = "Hub A" } };

        var around = await conversations.GetNeighboursAsync("N-4", request, Ct);

        Assert.Equal(new ConversationNeighbours("N-1", "N-3", 2, 4), around);
        Assert.Equal(new ConversationNeighbours(null, "N-4", 1, 4), await conversations.GetNeighboursAsync("N-1", request, Ct));
        Assert.Equal(new ConversationNeighbours("N-3", null, 4, 4), await conversations.GetNeighboursAsync("N-5", request, Ct));
        Assert.Null(await conversations.GetNeighboursAsync("N-2", request, Ct));
    }

    [Fact]
    public void Score_reasons_are_read_from_the_stored_details_reasons_object_for_llm_and_heuristic_rows()
    {
        var llm = Row("WHY-1", Now, r =>
        {
            r.ConversationRating = 4;
            Scores(r, 5, 3);
            r.ScoreReasonsJson = new JiraQuality.Core.Scoring.Scorers.AssessmentDetails
            {
                Reasons = new Dictionary<string, JiraQuality.Core.Scoring.Scorers.ScoreReason>
                {
                    ["conversation_rating"] = new("Solved", [1, 2]),
                    ["agent_score"] = new("Clear", [2]),
                    ["customer_score"] = new("Patient", [1]),
                },
                LlmLanguage = new JiraQuality.Core.Scoring.Scorers.LanguageJudgement(false, 0, false, 0),
                MetricsVersion = "m1",
            }.ToJson();
        });
        var heuristic = Row("WHY-2", Now, r =>
        {
            r.ConversationRating = 3;
            Scores(r, 4, 2);
            r.ScoreReasonsJson = new JiraQuality.Core.Scoring.Scorers.AssessmentDetails
            {
                Reasons = new Dictionary<string, JiraQuality.Core.Scoring.Scorers.ScoreReason>
                {
                    ["rating"] = new("Keyword heuristic: customer sentiment neutral.", [3]),
                    ["agent"] = new("Keyword heuristic: 1 helpful and 0 delaying agent messages.", [2]),
                },
                Highlights = "thanks",
                MetricsVersion = "m1",
            }.ToJson();
        });

        var fromLlm = ScoreExplanations.Parse(llm);
        var fromHeuristic = ScoreExplanations.Parse(heuristic);

        Assert.Equal(
            [("conversation", 4.0, "Solved", "1,2"), ("agent", 5.0, "Clear", "2"), ("customer", 3.0, "Patient", "1")],
            fromLlm.Select(s => (s.Name, s.Score!.Value, s.Reason, string.Join(',', s.Evidence))));
        Assert.Equal(
            [("conversation", 3.0, "Keyword heuristic: customer sentiment neutral.", "3"), ("agent", 4.0, "Keyword heuristic: 1 helpful and 0 delaying agent messages.", "2"), ("customer", 2.0, null, "")],
            fromHeuristic.Select(s => (s.Name, s.Score!.Value, s.Reason, string.Join(',', s.Evidence))));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Detail_joins_the_thread_and_reads_score_reasons_with_evidence(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db, Row("DET-1", Now, r =>
        {
            Scores(r, 4, 2);
            r.ScoreReasonsJson = """{"agent_score":{"reason":"Clear steps","evidence":[2,3]},"customer":{"why":"Rude","messages":[1]}}""";
        }));
        await using (var context = db.Factory.CreateDbContext())
        {
            context.PreparedConversations.Add(new PreparedConversation
            {
                IssueKey = "DET-1",
                Summary = "Bike will not unlock",
                ThreadJson = ConversationJson.SerializeMessages(
                [
                    new ConversationMessage { Index = 1, Role = MessageRole.Customer, Text = "It is broken", RedactedText = "It is broken", TimestampUtc = Now.AddMinutes(-30) },
                    new ConversationMessage { Index = 2, Role = MessageRole.Agent, Tier = AgentTier.Tier1, Text = "Try this", RedactedText = "Try this", TimestampUtc = Now.AddMinutes(-20) },
                ]),
                PreparedAtUtc = Now,
            });
            await context.SaveChangesAsync(Ct);
        }

        var detail = await ConversationQueryFor(db).GetDetailAsync("DET-1", Ct);

        Assert.NotNull(detail);
        Assert.Equal(2, detail.Thread!.Messages.Count);
        Assert.Equal(MessageRole.Agent, detail.Thread.Messages[1].Role);
        var agent = detail.Scores.Single(s => s.Name == "agent");
        Assert.Equal((4.0, "Clear steps"), (agent.Score!.Value, agent.Reason));
        Assert.Equal([2, 3], agent.Evidence);
        Assert.Equal([1], detail.Scores.Single(s => s.Name == "customer").Evidence);
        Assert.Null(await ConversationQueryFor(db).GetDetailAsync("NOPE-1", Ct));
    }
}
