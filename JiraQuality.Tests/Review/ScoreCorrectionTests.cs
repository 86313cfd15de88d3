using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Reporting.Rollup;
using JiraQuality.Core.Review;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Tests.Review;

/// <summary>An accepted dispute of an AI score moves the dashboard's figures; the AI's original stays in the dispute.</summary>
public sealed class ScoreCorrectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_accepted_ai_correction_changes_the_dashboard_kpis_rollup_and_agent_figures(DatabaseProvider provider)
    {
        await using var services = await ReviewTestServices.CreateAsync(provider);
        await services.AddConversationAsync("SUP-1", agent: 2, customer: 4, primaryAgent: "712020:agent-1");
        await services.AddConversationAsync("SUP-2", agent: 4, customer: 4, primaryAgent: "712020:agent-1");
        await services.AddConversationAsync("SUP-3", agent: 3, customer: 2, primaryAgent: "557058:agent-2");
        var metrics = services.Get<MetricsQuery>();

        // Agent scores 2, 4, 3 → 3; conversation scores 3, 4, 2.5 → 3.1667.
        var before = (await metrics.GetKpisAsync(null, MetricsFilter.None, Ct))[0].Current;
        Assert.Equal(3, before[KpiId.AgentScore].Value!.Value, 9);
        Assert.Equal(9.5 / 3, before[KpiId.ConversationScore].Value!.Value, 9);

        var disputes = services.Get<DisputeService>();
        var opened = await disputes.OpenAsync("SUP-1", AiCategories.AgentScore, null, "The fix is in the internal note.", "lead@support.example", Ct);
        services.Time.Advance(TimeSpan.FromMinutes(1));
        var accepted = await disputes.ResolveAsync(opened.Dispute!.Id, accept: true, correctedScore: 5, "Agreed.", "admin@support.example", Ct);
        Assert.True(accepted.Succeeded, accepted.Problem);

        // Agent scores 5, 4, 3 → 4; SUP-1's conversation score (5 + 4) / 2 = 4.5 → (4.5 + 4 + 2.5) / 3.
        var after = (await metrics.GetKpisAsync(null, MetricsFilter.None, Ct))[0].Current;
        Assert.Equal(4, after[KpiId.AgentScore].Value!.Value, 9);
        Assert.Equal(11.0 / 3, after[KpiId.ConversationScore].Value!.Value, 9);

        // The agent panel (read from the hourly rollup when no filter is set) and a filtered view (read from the rows) agree.
        var snapshot = await metrics.GetSnapshotAsync(new MetricsRequest { Window = MetricsWindow.Last24Hours }, Ct);
        Assert.Equal(4.5, snapshot.Agents.Single(a => a.Agent == "712020:agent-1").AgentScore!.Value, 9);
        var filtered = await metrics.GetKpisAsync(null, MetricsFilter.None with { Agent = "712020:agent-1" }, Ct);
        Assert.Equal(4.5, filtered[0].Current[KpiId.AgentScore].Value!.Value, 9);
        await using (var db = services.Database.Factory.CreateDbContext())
        {
            var overall = await db.MetricsHourlyRollups.AsNoTracking().Where(r => r.Dimension == MetricsHourlyRollup.Overall).ToListAsync(Ct);
            Assert.Equal(12, overall.Sum(r => r.AgentScoreSum), 9);
        }

        // The AI's original stays in the dispute and its history.
        var kept = await disputes.GetAsync(opened.Dispute.Id, Ct);
        Assert.Equal(2, kept!.DisputedScore);
        Assert.Equal(5, kept.CorrectedScore);
        Assert.Equal([DisputeStates.Open, DisputeStates.Accepted], kept.History.Select(h => h.State));

        // A review made after the correction pairs with the AI's own score, not the person's correction.
        var review = await services.ReviewAsync("SUP-1", "ana@support.example", (AiCategories.AgentScore, 5), (AiCategories.CustomerScore, 4));
        Assert.Equal(2, review.Review!.Scores.Single(s => s.Category == AiCategories.AgentScore).AiScore);
        Assert.Equal(4, review.Review.Scores.Single(s => s.Category == AiCategories.CustomerScore).AiScore);

        // A rejected dispute changes nothing.
        var other = await disputes.OpenAsync("SUP-3", AiCategories.AgentScore, null, "Too low.", "lead@support.example", Ct);
        await disputes.ResolveAsync(other.Dispute!.Id, accept: false, correctedScore: null, "The AI is right.", "admin@support.example", Ct);
        Assert.Equal(4, (await metrics.GetKpisAsync(null, MetricsFilter.None, Ct))[0].Current[KpiId.AgentScore].Value!.Value, 9);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rescored_conversation_keeps_its_accepted_correction(DatabaseProvider provider)
    {
        await using var services = await ReviewTestServices.CreateAsync(provider);
        await services.AddConversationAsync("SUP-1", agent: 2, customer: 4);
        await services.AddConversationAsync("SUP-2", agent: 4, customer: 4);
        var disputes = services.Get<DisputeService>();
        var opened = await disputes.OpenAsync("SUP-1", AiCategories.CustomerScore, null, "The customer was polite.", "lead@support.example", Ct);
        await disputes.ResolveAsync(opened.Dispute!.Id, accept: true, correctedScore: 5, null, "admin@support.example", Ct);

        // The scorer stores SUP-1 again (new comments, a new model) with its own scores; SUP-2 is re-scored too.
        ProcessedConversation Rescored(string key, double agent, double customer)
        {
            var end = services.Time.GetUtcNow().UtcDateTime.AddHours(-1);
            return new ProcessedConversation
            {
                IssueKey = key,
                Status = "Done",
                ConversationStartUtc = end.AddHours(-1),
                ConversationEndUtc = end,
                AgentScore = agent,
                CustomerScore = customer,
                ConversationScore = (agent + customer) / 2,
                PrimaryAgent = "712020:agent-1",
                ScorerKind = "llm",
                ScorerVersion = "llm-2",
                ProcessedAtUtc = services.Time.GetUtcNow().UtcDateTime,
            };
        }

        await new ProcessedBatchWriter(services.Database.Factory).WriteAsync(
            [new ScoredRow(Rescored("SUP-1", 3, 1), "hash-1"), new ScoredRow(Rescored("SUP-2", 2, 2), "hash-2")], clearFailures: false, Ct);

        await using (var db = services.Database.Factory.CreateDbContext())
        {
            var rows = await db.ProcessedConversations.AsNoTracking().OrderBy(r => r.IssueKey).ToListAsync(Ct);
            Assert.Equal([3.0, 2.0], rows.Select(r => r.AgentScore!.Value));
            Assert.Equal([5.0, 2.0], rows.Select(r => r.CustomerScore!.Value));
            Assert.Equal([4.0, 2.0], rows.Select(r => r.ConversationScore!.Value));
        }

        // Customer scores 5 and 2: the rollup was brought up to date after the correction went back on.
        var kpis = (await services.Get<MetricsQuery>().GetKpisAsync(null, MetricsFilter.None, Ct))[0].Current;
        Assert.Equal(3.5, kpis[KpiId.CustomerScore].Value!.Value, 9);
        Assert.Equal(3, kpis[KpiId.ConversationScore].Value!.Value, 9);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_scored_file_imported_over_a_conversation_keeps_its_accepted_correction(DatabaseProvider provider)
    {
        await using var services = await ReviewTestServices.CreateAsync(provider);
        var importer = new ScoredCsvImporter(services.Database.Factory, services.Time);
        await importer.ImportAsync(new StringReader(Scoring.ScoredCsvTests.FirstLayout), "history.csv", false, new Scoring.RecordingProgress(), Ct);

        // The file scores CC-39389 agent 4, customer 5 (conversation 4.5); the customer score is corrected to 2.
        var disputes = services.Get<DisputeService>();
        var opened = await disputes.OpenAsync("CC-39389", AiCategories.CustomerScore, null, "The customer was rude.", "lead@support.example", Ct);
        await disputes.ResolveAsync(opened.Dispute!.Id, accept: true, correctedScore: 2, null, "admin@support.example", Ct);

        var again = await importer.ImportAsync(new StringReader(Scoring.ScoredCsvTests.FirstLayout), "history.csv", true, new Scoring.RecordingProgress(), Ct);

        Assert.Equal(1, again.Imported);
        await using var db = services.Database.Factory.CreateDbContext();
        var row = await db.ProcessedConversations.AsNoTracking().SingleAsync(r => r.IssueKey == "CC-39389", Ct);
        Assert.Equal((4.0, 2.0, 3.0), (row.AgentScore!.Value, row.CustomerScore!.Value, row.ConversationScore!.Value));
        var overall = await db.MetricsHourlyRollups.AsNoTracking().Where(r => r.Dimension == MetricsHourlyRollup.Overall).ToListAsync(Ct);
        Assert.Equal(2, overall.Sum(r => r.CustomerScoreSum), 9);
    }
}
