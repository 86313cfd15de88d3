using System.Security.Claims;
using System.Text;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Reporting.Exports;
using JiraQuality.Core.Reporting.Rollup;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Identity;

public sealed class HubScopeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(ClaimsPrincipal Scoped, ClaimsPrincipal Everyone)> SeedAsync(TestDatabase db)
    {
        await using (var context = db.Factory.CreateDbContext())
        {
            context.ProcessedConversations.AddRange(
                Row("A-1", Now.AddHours(-1), r => r.Hub = "Hub A"),
                Row("A-2", Now.AddHours(-2), r => r.Hub = "Hub A"),
                Row("B-1", Now.AddHours(-3), r => r.Hub = "Hub B"),
                Row("N-1", Now.AddHours(-4), r => r.Hub = null));
            context.PreparedConversations.Add(PersonalDataFixtures.PreparedRow("B-1", "Hub B"));
            context.Users.AddRange(
                new ApplicationUser { Id = "u-scoped", UserName = "scoped@example.net", Email = "scoped@example.net", AllowedHubs = " Hub A ,Hub A" },
                new ApplicationUser { Id = "u-all", UserName = "all@example.net", Email = "all@example.net", AllowedHubs = "" });
            await context.SaveChangesAsync(Ct);
            await MetricsRollupMaintenance.RebuildAsync(context, Ct);
        }

        return (Principal("u-scoped", "scoped@example.net"), Principal("u-all", "all@example.net"));
    }

    private static ClaimsPrincipal Principal(string id, string email) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, email), new Claim(ClaimTypes.Role, Roles.Analyst)], "Test"));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_scoped_users_lists_kpis_exports_and_drill_downs_hold_only_their_hubs(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var (scoped, everyone) = await SeedAsync(db);
        var scopes = new HubScopes(db.Factory);
        var conversations = ConversationQueryFor(db);
        var metrics = CreateMetrics(db);

        var scopedFilter = await scopes.ScopeAsync(scoped, MetricsFilter.None, Ct);
        Assert.Equal("Hub A", scopedFilter.AllowedHubs);
        Assert.Null((await scopes.ScopeAsync(everyone, MetricsFilter.None, Ct)).AllowedHubs);

        var list = await conversations.GetPageAsync(new ConversationListRequest { Window = MetricsWindow.Last24Hours, Filter = scopedFilter }, Ct);
        Assert.Equal(["A-1", "A-2"], list.Items.Select(i => i.IssueKey));
        // Asking for another hub by the URL filter does not widen the scope.
        var otherHub = await conversations.GetPageAsync(new ConversationListRequest { Window = MetricsWindow.Last24Hours, Filter = scopedFilter with { Hub = "Hub B" } }, Ct);
        Assert.Equal(0, otherHub.Total);

        // The unscoped dashboard reads the hourly rollup, which has every hub; the scoped one must not.
        var all = await metrics.GetKpisAsync(null, MetricsFilter.None, Ct);
        var mine = await metrics.GetKpisAsync(null, scopedFilter, Ct);
        Assert.Equal(4, all[0].Current[KpiId.Volume].Value);
        Assert.Equal(2, mine[0].Current[KpiId.Volume].Value);
        var snapshot = await metrics.GetSnapshotAsync(new MetricsRequest { Window = MetricsWindow.Last24Hours, Filter = scopedFilter }, Ct);
        Assert.Equal(2, snapshot.Selected.Current[KpiId.Volume].Value);

        var access = new ConversationAccess(conversations, new AuditLog(db.Factory, new FakeTimeProvider(new DateTimeOffset(Now))), scopes);
        Assert.Equal(ConversationAccessOutcome.NotFound, (await access.GetDetailAsync("B-1", scoped, original: false, "test", null, Ct)).Outcome);
        Assert.Equal(ConversationAccessOutcome.NotFound, (await access.GetDetailAsync("B-1", scoped, original: true, "test", null, Ct)).Outcome);
        Assert.Equal(ConversationAccessOutcome.Found, (await access.GetDetailAsync("A-1", scoped, original: false, "test", null, Ct)).Outcome);
        Assert.Equal(ConversationAccessOutcome.Found, (await access.GetDetailAsync("B-1", everyone, original: false, "test", null, Ct)).Outcome);
        Assert.Empty(await PersonalDataFixtures.AuditEntriesAsync(db.Factory));

        var csv = new StringBuilder();
        await using (var writer = new StringWriter(csv))
        {
            await new AnalysisCsvExporter(db.Factory).WriteAsync(writer, new AnalysisExportFilter { AllowedHubs = scopedFilter.AllowedHubs }, Ct);
        }

        var keys = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(',')[0]).Order().ToList();
        Assert.Equal(["A-1", "A-2"], keys);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Unassigned_in_the_scope_admits_conversations_without_a_hub(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db);

        var list = await ConversationQueryFor(db).GetPageAsync(
            new ConversationListRequest { Window = MetricsWindow.Last24Hours, Filter = new MetricsFilter { AllowedHubs = HubScope.Normalize("Unassigned,Hub B") } }, Ct);

        Assert.Equal(["B-1", "N-1"], list.Items.Select(i => i.IssueKey));
    }

    [Fact]
    public void The_scope_is_spelled_one_way_and_empty_means_every_hub()
    {
        Assert.Equal("Hub A,Hub B", HubScope.Normalize(" Hub B, Hub A ,Hub B,"));
        Assert.Null(HubScope.Normalize(" , "));
        Assert.Null(HubScope.Normalize(null));
        Assert.True(HubScope.Allows(null, "Any"));
        Assert.True(HubScope.Allows("Unassigned", null));
        Assert.False(HubScope.Allows("Hub A", "Hub B"));
    }
}
