using JiraQuality.Core.Agents;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using static JiraQuality.Tests.Agents.AgentFixtures;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Agents;

/// <summary>The agents list and one agent's page, counted by hand from <see cref="AgentFixtures"/>, on both providers.</summary>
public sealed class AgentsQueryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_list_has_every_agent_of_the_window_with_their_figures_and_only_the_users_hubs(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db.Factory);
        var query = Query(db);

        var week = await query.ListAsync(MetricsWindow.Last7Days, null, null, Ct);
        Assert.Equal(new[] { Bob, Alice, Carol }.Order(StringComparer.OrdinalIgnoreCase), week.Select(a => a.Agent));
        var alice = week.Single(a => a.Agent == Alice);
        Assert.Equal(3, alice.Conversations);
        Assert.Equal(3.0, alice.AgentScore!.Value, 6);
        Assert.Equal(1, alice.Escalated);
        Assert.Equal(1, alice.ProfaneConversations);

        var month = await query.ListAsync(MetricsWindow.Last30Days, null, null, Ct);
        Assert.Equal(4, month.Single(a => a.Agent == Alice).Conversations);

        var scoped = await query.ListAsync(MetricsWindow.Last7Days, null, "Hub B", Ct);
        Assert.Equal([Carol], scoped.Select(a => a.Agent));

        var empty = await query.ListAsync(MetricsWindow.Last24Hours, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), null, Ct);
        Assert.Empty(empty);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_agents_page_compares_with_the_team_and_lists_conversations_flags_escalations_tips_and_reviews(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db.Factory);
        await SeedReviewsAsync(db.Factory);

        var profile = await Query(db).GetAsync(new AgentRequest { Agent = Alice, Window = MetricsWindow.Last7Days }, Ct);

        Assert.NotNull(profile);
        Assert.Equal("Tier1", profile.Tier);
        // Alice: scored 4, 2, 3; the team: those and A-4 (5) and B-1 (1).
        Assert.Equal(3, profile.Selected.Current[KpiId.Volume].Value);
        Assert.Equal(3.0, profile.Selected.Current[KpiId.AgentScore].Value!.Value, 6);
        Assert.Equal(5, profile.TeamSelected.Current[KpiId.Volume].Value);
        Assert.Equal(3.0, profile.TeamSelected.Current[KpiId.AgentScore].Value!.Value, 6);
        Assert.Equal(1, profile.Selected.Current[KpiId.ProfaneAgentConversations].Value);
        // Her trend holds her three conversations, the team's five.
        Assert.Equal(3, profile.Trend.Current.Sum(p => p.Volume));
        Assert.Equal(5, profile.TeamTrend.Current.Sum(p => p.Volume));

        Assert.Equal(3, profile.ConversationTotal);
        Assert.Equal(["A-1", "A-2", "A-3"], profile.Conversations.Select(c => c.IssueKey));
        Assert.All(profile.Conversations, c => Assert.Equal(DateTimeKind.Utc, c.EndedUtc!.Value.Kind));

        // Her own profane public reply (not Bob's, not her internal note) and the customer's abuse in A-3; text redacted.
        Assert.Collection(
            profile.FlaggedMessages,
            m =>
            {
                Assert.Equal(("A-2", 3, FlagKind.AgentProfanity, 1), (m.IssueKey, m.MessageIndex, m.Kind, m.Hits));
                Assert.Contains("courier lost it", m.Text);
                Assert.DoesNotContain("alice@example.com", m.Text);
            },
            m => Assert.Equal(("A-3", 1, FlagKind.CustomerAbuse), (m.IssueKey, m.MessageIndex, m.Kind)));

        Assert.Equal(["A-2"], profile.Escalations.Select(e => e.IssueKey));

        // Two wordings of one tip are one tip; the themes are ordered by count.
        Assert.Collection(
            profile.Tips,
            t =>
            {
                Assert.Equal(("Speed and waiting", 2), (t.Theme, t.Count));
                Assert.Equal(2, Assert.Single(t.Tips).Count);
            },
            t => Assert.Equal(("Empathy and tone", 1), (t.Theme, t.Count)));

        Assert.NotNull(profile.Review);
        Assert.Equal((1, 80.0), (profile.Review.Reviews, profile.Review.InternalQualityScore!.Value));
        Assert.False(profile.ReviewHiddenByHubScope);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bob_answered_first_on_an_escalation_he_did_not_hold_and_unknown_or_other_hub_agents_are_not_found(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db.Factory);
        await SeedReviewsAsync(db.Factory);
        var query = Query(db);

        var bob = await query.GetAsync(new AgentRequest { Agent = Bob, Window = MetricsWindow.Last7Days, AllowedHubs = "Hub A" }, Ct);
        Assert.NotNull(bob);
        Assert.Equal(["A-4"], bob.Conversations.Select(c => c.IssueKey));
        Assert.Equal(["A-2"], bob.Escalations.Select(e => e.IssueKey));
        Assert.Empty(bob.FlaggedMessages);
        Assert.Empty(bob.Tips);
        // Reviews are not narrowed to hubs: a scoped user does not see them.
        Assert.Null(bob.Review);
        Assert.True(bob.ReviewHiddenByHubScope);

        Assert.Null(await query.GetAsync(new AgentRequest { Agent = "712020:ffffffff-0000-4000-8000-000000000000" }, Ct));
        Assert.Null(await query.GetAsync(new AgentRequest { Agent = Carol, AllowedHubs = "Hub A" }, Ct));
        Assert.NotNull(await query.GetAsync(new AgentRequest { Agent = Carol, AllowedHubs = "Hub B" }, Ct));

        // Known but quiet in the window: the page exists with empty sections.
        var quiet = await query.GetAsync(new AgentRequest { Agent = Carol, Window = MetricsWindow.Last24Hours, AsOfUtc = Now.AddDays(10) }, Ct);
        Assert.NotNull(quiet);
        Assert.Equal(0, quiet.ConversationTotal);
        Assert.Empty(quiet.FlaggedMessages);
        Assert.Empty(quiet.Tips);
    }

    [Fact]
    public void Tips_fall_into_themes_by_their_words()
    {
        Assert.Equal("Speed and waiting", TipThemes.Of("Reply sooner"));
        Assert.Equal("Empathy and tone", TipThemes.Of("Apologise first"));
        Assert.Equal("Clarity", TipThemes.Of("Explain the next steps"));
        Assert.Equal(TipThemes.Other, TipThemes.Of("Use the macro"));
        // A stem matches the start of a word only: "username" is not about greeting by name.
        Assert.Equal(TipThemes.Other, TipThemes.Of("Ask for the username"));
    }
}
