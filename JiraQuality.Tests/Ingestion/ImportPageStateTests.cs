using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Web.Features.Import;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace JiraQuality.Tests.Ingestion;

public sealed class ImportPageStateTests
{
    [Fact]
    public async Task Without_a_job_queue_the_page_runs_the_import_itself_and_deletes_the_upload()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var kit = new IngestionTestKit(database);
        var state = new ImportPageState(kit.Import, new ImportReportArchive(), new ServiceCollection().BuildServiceProvider(), TimeProvider.System, NullLogger<ImportPageState>.Instance);
        var path = kit.WriteFile("copy.csv", CsvText.File(CsvText.Header(), CsvText.Row("CC-1"), CsvText.Row("CC-2")));
        var changes = 0;
        state.Changed += () => Interlocked.Increment(ref changes);

        Assert.True(state.TryStart([new ImportFile(path, "export.csv")]));
        Assert.False(state.TryStart([new ImportFile(path, "again.csv")]));
        await state.WhenIdleAsync();

        Assert.False(state.IsRunning);
        Assert.Null(state.JobId);
        Assert.Equal(2, state.LastReport!.Created);
        Assert.Equal("Processing progress: 2/2 (100%)", state.ProgressText);
        Assert.True(changes >= 3);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task With_a_job_queue_the_page_enqueues_a_csv_import_job_and_shows_its_full_report()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var kit = new IngestionTestKit(database);
        var archive = new ImportReportArchive();
        var queue = new InlineJobQueue(new CsvImportJobHandler(kit.Import, archive));
        var services = new ServiceCollection().AddSingleton<IJobQueue>(queue).BuildServiceProvider();
        var state = new ImportPageState(kit.Import, archive, services, TimeProvider.System, NullLogger<ImportPageState>.Instance);
        var path = kit.WriteFile("copy.csv", CsvText.File(CsvText.Header(), CsvText.Row("CC-1"), "CC-2,short"));

        Assert.True(state.TryStart([new ImportFile(path, "export.csv")]));
        await state.WhenIdleAsync();

        var request = Assert.Single(queue.Requests);
        Assert.Equal(JobKinds.CsvImport, request.Kind);
        Assert.Equal(JobRequesters.Page, request.RequestedBy);
        Assert.Equal(queue.LastId, state.JobId);
        Assert.Equal((1, 1), (state.LastReport!.Created, state.LastReport.Rejected));
        Assert.Equal(3, state.LastReport.Files[0].Rejected[0].Line);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task When_the_queue_hands_back_another_running_import_the_user_is_told_the_files_were_not_imported()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var kit = new IngestionTestKit(database);
        var archive = new ImportReportArchive();
        var queue = new InlineJobQueue(handler: null);
        var services = new ServiceCollection().AddSingleton<IJobQueue>(queue).BuildServiceProvider();
        var state = new ImportPageState(kit.Import, archive, services, TimeProvider.System, NullLogger<ImportPageState>.Instance);
        var path = kit.WriteFile("copy.csv", CsvText.File(CsvText.Header(), CsvText.Row("CC-1")));

        Assert.True(state.TryStart([new ImportFile(path, "export.csv")]));
        await state.WhenIdleAsync();

        Assert.Null(state.LastReport);
        Assert.Contains("were not imported", state.LastError);
        Assert.False(File.Exists(path));
    }

    /// <summary>
    /// Stands in for the job runner: runs the handler at once, or (without one) answers like a queue that
    /// already has an import running, first as running, then finished.
    /// </summary>
    private sealed class InlineJobQueue(IJobHandler? handler) : IJobQueue
    {
        private readonly Dictionary<Guid, JobSnapshot> _jobs = [];

        public List<JobRequest> Requests { get; } = [];
        public Guid? LastId { get; private set; }

        public async Task<JobSnapshot> EnqueueAsync(JobRequest request, CancellationToken cancellationToken = default)
        {
            Requests.Add(request);
            var id = Guid.NewGuid();
            LastId = id;
            var now = DateTime.UtcNow;
            if (handler is null)
            {
                var running = new JobSnapshot(id, request.Kind, JobStates.Running, "cli", 5, 10, "CC-9", now, now, null, null, null);
                _jobs[id] = running with { State = JobStates.Succeeded, Completed = 10, FinishedAtUtc = now };
                return running;
            }

            var result = await handler.RunAsync(request, NullJobProgress.Instance, cancellationToken);
            var done = new JobSnapshot(id, request.Kind, JobStates.Succeeded, request.RequestedBy, 1, 1, null, now, now, now, null, result.Summary);
            _jobs[id] = done;
            return done;
        }

        public Task<JobSnapshot?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
            Task.FromResult(_jobs.TryGetValue(id, out var job) ? job : null);

        public Task<bool> CancelAsync(Guid id, CancellationToken cancellationToken = default) => Task.FromResult(false);
    }
}
