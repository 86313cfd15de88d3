using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Scoring;
using Microsoft.EntityFrameworkCore;
using JiraQuality.Web.Hosting;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Reporting;

/// <summary>The verb builds its host from the environment, so it shares the verbs' collection that runs alone.</summary>
[Collection(nameof(ScoringVerbsCollection))]
public sealed class MetricsVerbsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rebuild_rollup_restores_totals_lost_by_a_write_around_the_app()
    {
        var file = Path.Combine(Path.GetTempPath(), $"jq-rollup-{Guid.NewGuid():N}.db");
        var connectionString = $"Data Source={file};Pooling=False";
        var previous = Environment.GetEnvironmentVariable("ConnectionStrings__JiraQuality");
        Environment.SetEnvironmentVariable("ConnectionStrings__JiraQuality", connectionString);
        try
        {
            var factory = new JiraQualityContextFactory(new StorageOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = connectionString });
            await factory.MigrateAsync(Ct);
            await using (var db = factory.CreateDbContext())
            {
                db.ProcessedConversations.AddRange(Row("V-1", Now.AddHours(-5)), Row("V-2", Now.AddDays(-3).AddMinutes(-20)), Row("V-3", Now.AddDays(-20)));
                await db.SaveChangesAsync(Ct);
                await db.Database.ExecuteSqlRawAsync("DELETE FROM metrics_hourly_rollups", Ct);
            }

            var metrics = new MetricsQuery(factory, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(Now)), Microsoft.Extensions.Options.Options.Create(new MetricsOptions()));
            Assert.Equal(0, (await metrics.GetKpisAsync(null, MetricsFilter.None, Ct))[2].Current.Conversations);

            var output = new StringWriter();
            var error = new StringWriter();
            var code = await CommandLineApp.RunAsync(["metrics", "rebuild-rollup"], output, error);

            Assert.True(code == 0, error.ToString());
            Assert.Contains("Hourly rollup rebuilt:", output.ToString());
            Assert.Equal([1L, 2L, 3L], (await metrics.GetKpisAsync(null, MetricsFilter.None, Ct)).Select(w => w.Current.Conversations));
        }
        finally
        {
            Environment.SetEnvironmentVariable("ConnectionStrings__JiraQuality", previous);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }
}
