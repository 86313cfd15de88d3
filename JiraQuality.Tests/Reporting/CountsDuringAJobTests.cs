using System.Data.Common;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Core.Reporting;
using JiraQuality.Core.Reporting.ConversationQueries;
using JiraQuality.Core.Reporting.Dashboard;
using JiraQuality.Benchmarks.Sample;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Ingestion;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static JiraQuality.Tests.Reporting.ConversationRows;

namespace JiraQuality.Tests.Reporting;

/// <summary>
/// While a job writes, the dashboard's counts are exact for one moment (as the list's are), and an import's total only
/// grows until the real total is known.
/// </summary>
public sealed class CountsDuringAJobTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_batch_committed_while_the_dashboard_reads_is_counted_whole_or_not_at_all(DatabaseProvider provider)
    {
        await using var db = await TestDatabase.CreateAsync(provider);
        // Rows in whole hours (read from the rollup) and in the hour at the 24-hour cut (an edge hour, read from the rows).
        var edgeHour = Now.AddHours(-24);
        await SeedAsync(db, Row("CNT-1", Now.AddHours(-5)), Row("CNT-2", Now.AddHours(-30)), Row("CNT-3", edgeHour.AddMinutes(10)));

        // A processing batch commits between the dashboard's read of the edge rows and its read of the rollup: one new
        // row in a whole hour and one in the edge hour.
        var batch = new CommitBeforeRollupRead(() => SeedAsync(db, Row("CNT-4", Now.AddHours(-6)), Row("CNT-5", edgeHour.AddMinutes(20))));
        var reading = new JiraQualityContextFactory(db.Options, [batch]);
        var metrics = new MetricsQuery(reading, new FakeTimeProvider(new DateTimeOffset(Now)), Options.Create(new MetricsOptions()));

        var kpis = await metrics.GetKpisAsync(null, MetricsFilter.None, Ct);

        Assert.True(batch.Committed);
        var dashboard = kpis.Single(k => k.Window == MetricsWindow.Last7Days).Current.Conversations;
        // Mixing the two moments would give 4: the new whole-hour row without the new edge-hour one.
        Assert.Equal(3, dashboard);
        var list = await ConversationQueryFor(db).GetPageAsync(new ConversationListRequest { Window = MetricsWindow.Last7Days }, Ct);
        Assert.Equal(5, list.Total);
        var again = await CreateMetrics(db).GetKpisAsync(null, MetricsFilter.None, Ct);
        Assert.Equal(list.Total, again.Single(k => k.Window == MetricsWindow.Last7Days).Current.Conversations);
    }

    [Fact]
    public void The_estimated_total_never_shrinks_and_never_falls_below_the_rows_done()
    {
        var estimate = new ImportTotalEstimate();
        // Rows per byte change along the file: the plain estimates would be 1000, 800, 1200, 900, 1000.
        Assert.Equal(1000, estimate.Next(100, 100, 1000));
        Assert.Equal(1000, estimate.Next(200, 250, 1000));
        Assert.Equal(1200, estimate.Next(600, 500, 1000));
        Assert.Equal(1200, estimate.Next(810, 900, 1000));
        Assert.Equal(1200, estimate.Next(1000, 1000, 1000));
        Assert.Equal(1300, estimate.Next(1300, 1000, 1000));
        Assert.Equal(5, new ImportTotalEstimate().Next(5, 0, 0));
    }

    [Fact]
    public async Task An_import_reports_a_total_that_only_grows_and_ends_at_the_real_total()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var kit = new IngestionTestKit(database, new IngestionOptions { BatchSize = 25 });
        var path = new SampleExportGenerator(new SampleExportSettings { Tickets = 600, MaxComments = 30 }).WriteFile(Path.Combine(kit.DataDirectory, "export.csv"));
        var progress = new CsvImportServiceTests.RecordingProgress();

        await kit.Import.ImportAsync([ImportFile.FromPath(path)], new CsvImportRequest(), progress, Ct);

        var reports = progress.Reports;
        Assert.True(reports.Count > 10, $"only {reports.Count} progress reports");
        for (var i = 1; i < reports.Count - 1; i++)
        {
            Assert.True(reports[i].Total >= reports[i - 1].Total, $"the total went from {reports[i - 1].Total} to {reports[i].Total} at report {i}");
            Assert.True(reports[i].Total >= reports[i].Completed, $"report {i}: {reports[i].Completed} of {reports[i].Total}");
        }

        Assert.Equal((600, 600), (reports[^1].Completed, reports[^1].Total));
    }

    [Fact]
    public async Task Open_pages_reread_while_processing_commits_batches_at_most_once_per_interval()
    {
        var stream = new JiraQuality.Core.Jobs.JobEventStream(TimeProvider.System);
        var handled = new Jobs.HandledJobEvents(stream);
        using var changes = new JiraQuality.Web.Features.Jobs.StoredDataChanges(
            handled, Microsoft.Extensions.Logging.Abstractions.NullLogger<JiraQuality.Web.Features.Jobs.StoredDataChanges>.Instance,
            minInterval: TimeSpan.FromMilliseconds(10), progressInterval: TimeSpan.FromHours(1));
        var received = new System.Collections.Concurrent.ConcurrentQueue<JiraQuality.Web.Features.Jobs.StoredDataChange>();
        using var subscription = changes.Subscribe(change =>
        {
            received.Enqueue(change);
            return Task.CompletedTask;
        });

        // An import's progress stores pending tickets only: the scored counts do not change.
        var import = Running(JiraQuality.Core.Jobs.JobKinds.CsvImport, 200);
        stream.PublishUpdate(new JiraQuality.Core.Jobs.JobProgressUpdate(import, null, null));
        await handled.UntilHandledAsync(b => b.Updates.Any(u => u.Job.Id == import.Id), "the import's progress to be handled");
        Assert.Empty(received);

        var processing = Running(JiraQuality.Core.Jobs.JobKinds.Processing, 200);
        stream.PublishUpdate(new JiraQuality.Core.Jobs.JobProgressUpdate(processing, null, null));
        await Jobs.JobWaits.UntilAsync(() => !received.IsEmpty, "the first processing batch's change");

        var change = Assert.Single(received);
        Assert.Equal(processing.Id, Assert.Single(change.Jobs).Id);

        // Within the interval, further batches wait; the job's success is always delivered.
        stream.PublishUpdate(new JiraQuality.Core.Jobs.JobProgressUpdate(processing with { Completed = 400 }, null, null));
        await handled.UntilHandledAsync(b => b.Updates.Any(u => u.Job.Completed == 400), "the next batch's progress to be handled");
        Assert.Single(received);
        stream.PublishFinished(processing with { State = JiraQuality.Core.Jobs.JobStates.Succeeded, Completed = 500 });
        await Jobs.JobWaits.UntilAsync(() => received.Count >= 2, "the success's change");

        Assert.Equal(2, received.Count);
        Assert.Equal(JiraQuality.Core.Jobs.JobStates.Succeeded, Assert.Single(received.Last().Jobs).State);
    }

    private static JiraQuality.Core.Jobs.JobSnapshot Running(string kind, int completed) =>
        new(Guid.NewGuid(), kind, JiraQuality.Core.Jobs.JobStates.Running, JiraQuality.Core.Jobs.JobRequesters.Page, completed, 500, null, Now, Now, null, null, null);

    /// <summary>Runs a write (a committed batch) once, just before the first statement that reads the rollup.</summary>
    private sealed class CommitBeforeRollupRead(Func<Task> write) : DbCommandInterceptor
    {
        private int _done;

        public bool Committed { get; private set; }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("metrics_hourly_rollups", StringComparison.Ordinal) && Interlocked.Exchange(ref _done, 1) == 0)
            {
                await write();
                Committed = true;
            }

            return result;
        }
    }
}
