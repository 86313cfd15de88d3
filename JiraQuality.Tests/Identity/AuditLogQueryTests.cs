using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace JiraQuality.Tests.Identity;

public sealed class AuditLogQueryTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Five entries an hour apart from <see cref="Start"/>; the last two share one instant.</summary>
    private static async Task<TestDatabase> SeedAsync(DatabaseProvider provider)
    {
        var db = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(Start);
        var audit = new AuditLog(db.Factory, time);
        await audit.RecordAsync("Ana@Example.net", AuditActions.SignIn, remoteAddress: "10.0.0.1", cancellationToken: Ct);
        time.Advance(TimeSpan.FromHours(1));
        await audit.RecordAsync("bob@example.net", AuditActions.SettingsChanged, "taxonomy", "Uploaded bikes.json with 3 labels.", cancellationToken: Ct);
        time.Advance(TimeSpan.FromHours(1));
        await audit.RecordAsync("cli", AuditActions.SettingsChanged, "agent-directory", "Replaced the agent directory with 2 agents.", cancellationToken: Ct);
        time.Advance(TimeSpan.FromHours(1));
        await audit.RecordAsync("ana@example.net", AuditActions.Export, "conversations.csv", cancellationToken: Ct);
        await audit.RecordAsync("bob@example.net", AuditActions.SignOut, cancellationToken: Ct);
        return db;
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Entries_come_newest_first_a_page_at_a_time_with_the_total(DatabaseProvider provider)
    {
        await using var db = await SeedAsync(provider);
        var query = new AuditLogQuery(db.Factory);

        var first = await query.GetPageAsync(new AuditLogFilter(), skip: 0, take: 2, Ct);
        var second = await query.GetPageAsync(new AuditLogFilter(), skip: 2, take: 2, Ct);
        var last = await query.GetPageAsync(new AuditLogFilter(), skip: 4, take: 2, Ct);

        Assert.Equal(5, first.TotalCount);
        // Same instant: the later-written entry first.
        Assert.Equal([AuditActions.SignOut, AuditActions.Export], first.Entries.Select(e => e.Action));
        Assert.Equal([AuditActions.SettingsChanged, AuditActions.SettingsChanged], second.Entries.Select(e => e.Action));
        Assert.Equal(["cli", "bob@example.net"], second.Entries.Select(e => e.Actor));
        var oldest = Assert.Single(last.Entries);
        Assert.Equal("10.0.0.1", oldest.RemoteAddress);
        Assert.Equal(Start.UtcDateTime, oldest.AtUtc);
        Assert.Equal(DateTimeKind.Utc, DateTime.SpecifyKind(oldest.AtUtc, DateTimeKind.Utc).Kind);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Action_actor_and_date_range_filters_combine(DatabaseProvider provider)
    {
        await using var db = await SeedAsync(provider);
        var query = new AuditLogQuery(db.Factory);

        var settings = await query.GetPageAsync(new AuditLogFilter(Action: AuditActions.SettingsChanged), 0, 50, Ct);
        Assert.Equal(["agent-directory", "taxonomy"], settings.Entries.Select(e => e.Target));
        Assert.Equal(2, settings.TotalCount);

        // Contains, ignoring case, on both providers.
        var ana = await query.GetPageAsync(new AuditLogFilter(ActorContains: " ANA@ "), 0, 50, Ct);
        Assert.Equal([AuditActions.Export, AuditActions.SignIn], ana.Entries.Select(e => e.Action));

        // From inclusive, to exclusive.
        var window = await query.GetPageAsync(new AuditLogFilter(FromUtc: Start.UtcDateTime.AddHours(1), ToUtc: Start.UtcDateTime.AddHours(3)), 0, 50, Ct);
        Assert.Equal(["cli", "bob@example.net"], window.Entries.Select(e => e.Actor));

        var combined = await query.GetPageAsync(new AuditLogFilter(AuditActions.SettingsChanged, "bob", Start.UtcDateTime, null), 0, 50, Ct);
        Assert.Equal("taxonomy", Assert.Single(combined.Entries).Target);

        var none = await query.GetPageAsync(new AuditLogFilter(ActorContains: "nobody"), 0, 50, Ct);
        Assert.Empty(none.Entries);
        Assert.Equal(0, none.TotalCount);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_page_size_is_capped(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var audit = new AuditLog(db.Factory, new FakeTimeProvider(Start));
        for (var i = 0; i < AuditLogQuery.MaxPageSize + 5; i++)
        {
            await audit.RecordAsync($"user{i}@example.net", AuditActions.SignIn, cancellationToken: Ct);
        }

        var page = await new AuditLogQuery(db.Factory).GetPageAsync(new AuditLogFilter(), 0, 10_000, Ct);

        Assert.Equal(AuditLogQuery.MaxPageSize, page.Entries.Count);
        Assert.Equal(AuditLogQuery.MaxPageSize + 5, page.TotalCount);
    }
}
