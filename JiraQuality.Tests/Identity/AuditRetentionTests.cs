using JiraQuality.Core.Identity;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JiraQuality.Tests.Identity;

public sealed class AuditRetentionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Entries_older_than_the_retention_are_deleted_at_start_and_then_daily(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var audit = new AuditLog(db.Factory, time);
        await audit.RecordAsync("a@example.net", AuditActions.SignIn, cancellationToken: Ct);
        time.Advance(TimeSpan.FromDays(20));
        await audit.RecordAsync("b@example.net", AuditActions.SignIn, cancellationToken: Ct);
        time.Advance(TimeSpan.FromDays(10) + TimeSpan.FromHours(1));

        using var retention = new AuditRetention(db.Factory, time, Options.Create(new AuditOptions { RetentionDays = 30 }), NullLogger<AuditRetention>.Instance);
        await retention.StartAsync(Ct);

        await WaitForAsync(async () => (await PersonalDataFixtures.AuditEntriesAsync(db.Factory)).Select(e => e.Actor).SequenceEqual(["b@example.net"]));

        // The next daily run, when the other entry has passed 30 days too.
        time.Advance(TimeSpan.FromDays(20));
        await WaitForAsync(async () => (await PersonalDataFixtures.AuditEntriesAsync(db.Factory)).Count == 0);
        await retention.StopAsync(Ct);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200 && !await condition(); i++)
        {
            await Task.Delay(50, Ct);
        }

        Assert.True(await condition());
    }
}
