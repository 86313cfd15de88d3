using System.Text.Json;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static JiraQuality.Tests.Identity.PersonalDataFixtures;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Identity;

public sealed class ConversationAccessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ConversationAccess Access(TestDatabase db) =>
        new(ConversationQueryFor(db), new AuditLog(db.Factory, new FakeTimeProvider(new DateTimeOffset(Now))), new HubScopes(db.Factory));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_viewer_reads_only_redacted_text_and_asking_for_the_original_is_refused_without_an_audit_entry(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db.Factory, "PII-1");
        var viewer = User("viewer@example.net", Roles.Viewer);

        var redacted = await Access(db).GetDetailAsync("PII-1", viewer, original: false, "test", "10.0.0.7", Ct);

        Assert.Equal(ConversationAccessOutcome.Found, redacted.Outcome);
        Assert.False(redacted.Original);
        var json = JsonSerializer.Serialize(redacted.Detail);
        AssertNoPersonalData(json);
        Assert.Contains("my card [card] was charged twice", redacted.Detail!.Thread!.Messages[0].Text);
        Assert.Contains("copy sent to [email]", redacted.Detail.Thread.Messages[1].Text);
        Assert.Contains("[card]", redacted.Detail.Scores.Single(s => s.Name == "agent").Reason);

        Assert.Equal(ConversationAccessOutcome.Forbidden, (await Access(db).GetDetailAsync("PII-1", viewer, original: true, "test", null, Ct)).Outcome);
        Assert.Equal(ConversationAccessOutcome.Forbidden, (await Access(db).GetDetailAsync("PII-1", Anonymous, original: true, "test", null, Ct)).Outcome);
        Assert.Empty(await AuditEntriesAsync(db.Factory));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_analysts_reveal_returns_the_original_and_records_who_when_which_ticket_and_from_where(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        await SeedAsync(db.Factory, "PII-2");
        var analyst = User("analyst@example.net", Roles.Analyst);

        var original = await Access(db).GetDetailAsync("PII-2", analyst, original: true, "drill-down", "10.0.0.8", Ct);

        Assert.True(original.Original);
        Assert.Contains($"my card {Card}", original.Detail!.Thread!.Messages[0].Text);
        var entry = Assert.Single(await AuditEntriesAsync(db.Factory));
        Assert.Equal(("analyst@example.net", AuditActions.RevealPersonalData, "PII-2", "10.0.0.8"), (entry.Actor, entry.Action, entry.Target, entry.RemoteAddress));
        Assert.Equal(Now, entry.AtUtc);
        Assert.Contains("drill-down", entry.Detail);

        // Reading redacted text is not a reveal; an admin's reveal is one more entry.
        await Access(db).GetDetailAsync("PII-2", analyst, original: false, "drill-down", "10.0.0.8", Ct);
        await Access(db).GetDetailAsync("PII-2", User("admin@example.net", Roles.Admin), original: true, "API", null, Ct);
        Assert.Equal(["analyst@example.net", "admin@example.net"], (await AuditEntriesAsync(db.Factory)).Select(e => e.Actor));
    }

    [Fact]
    public async Task A_missing_ticket_is_not_found_and_not_audited()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

        var result = await Access(db).GetDetailAsync("NOPE-1", User("admin@example.net", Roles.Admin), original: true, "API", null, Ct);

        Assert.Equal(ConversationAccessOutcome.NotFound, result.Outcome);
        Assert.Empty(await AuditEntriesAsync(db.Factory));
    }

    [Fact]
    public void Only_analysts_and_admins_may_reveal()
    {
        Assert.True(PersonalDataAccess.MayReveal(User("a@example.net", Roles.Analyst)));
        Assert.True(PersonalDataAccess.MayReveal(User("a@example.net", Roles.Admin)));
        Assert.False(PersonalDataAccess.MayReveal(User("a@example.net", Roles.Viewer)));
        Assert.False(PersonalDataAccess.MayReveal(Anonymous));
        Assert.Equal("anonymous", PersonalDataAccess.ActorOf(Anonymous));
    }
}
