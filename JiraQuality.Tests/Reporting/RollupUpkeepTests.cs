using JiraQuality.Core.Jobs;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.Rollup;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Reporting;

/// <summary>
/// The reporting side's upkeep around saves and jobs: the rollup follows every save of processed conversations (in the
/// save's transaction, or the caller's), and the cached filter choices are dropped when a data job succeeds.
/// </summary>
public sealed class RollupUpkeepTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_save_updates_the_rollup_and_a_failed_or_rolled_back_save_leaves_it_as_it_was(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var hour = MetricsRollupMaintenance.HourOf(Now.AddHours(-1));
        await using (var db = database.Factory.CreateDbContext())
        {
            db.ProcessedConversations.Add(Row("UP-1", Now.AddHours(-1)));
            await db.SaveChangesAsync(Ct);
            Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
            Assert.Null(db.Database.CurrentTransaction);
        }

        Assert.Equal(1, await OverallCountAsync(database, hour));

        // A save that fails (the key exists) rolls back the transaction it opened: nothing half-counted, detection restored.
        await using (var db = database.Factory.CreateDbContext())
        {
            db.ProcessedConversations.Add(Row("UP-1", Now.AddHours(-1)));
            db.ProcessedConversations.Add(Row("UP-2", Now.AddHours(-1)));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
            Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
            Assert.Null(db.Database.CurrentTransaction);
        }

        Assert.Equal(1, await OverallCountAsync(database, hour));

        // Inside the caller's transaction the refresh is part of it: rolled back, the rollup is as before.
        await using (var db = database.Factory.CreateDbContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            db.ProcessedConversations.Add(Row("UP-3", Now.AddHours(-1)));
            db.SaveChanges();
            await transaction.RollbackAsync(Ct);
        }

        Assert.Equal(1, await OverallCountAsync(database, hour));
        await using (var db = database.Factory.CreateDbContext())
        {
            db.ProcessedConversations.Add(Row("UP-4", Now.AddHours(-1)));
            db.SaveChanges();
        }

        Assert.Equal(2, await OverallCountAsync(database, hour));
    }

    [Fact]
    public async Task Filter_choices_are_read_again_once_a_data_job_succeeds()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await SeedAsync(database, Row("HUB-1", Now.AddHours(-1)));
        var metrics = CreateMetrics(database);
        var stream = new JobEventStream(TimeProvider.System);
        using var invalidation = new MetricsCacheInvalidation(metrics, stream);
        Assert.Equal(["Hub A"], (await metrics.GetFilterOptionsAsync(null, Ct)).Hubs);

        // Same hour on the fixed clock: only the drop on the job's success can bring the new hub in.
        await SeedAsync(database, Row("HUB-2", Now.AddHours(-1), r => r.Hub = "Hub B"));
        Assert.Equal(["Hub A"], (await metrics.GetFilterOptionsAsync(null, Ct)).Hubs);

        stream.PublishFinished(Finished(JobKinds.CsvImport, JobStates.Succeeded));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await metrics.GetFilterOptionsAsync(null, Ct)).Hubs.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, Ct);
        }

        Assert.Equal(["Hub A", "Hub B"], (await metrics.GetFilterOptionsAsync(null, Ct)).Hubs);
    }

    private static async Task<long> OverallCountAsync(TestDatabase database, DateTime hour)
    {
        await using var db = database.Factory.CreateDbContext();
        return await db.MetricsHourlyRollups.Where(r => r.Dimension == MetricsHourlyRollup.Overall && r.HourUtc == hour).Select(r => r.Count).SingleOrDefaultAsync(Ct);
    }

    private static JobSnapshot Finished(string kind, string state) =>
        new(Guid.NewGuid(), kind, state, JobRequesters.Page, 1, 1, null, Now, Now, Now, null, null);
}
