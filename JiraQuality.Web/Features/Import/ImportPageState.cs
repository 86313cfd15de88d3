using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Processing;

namespace JiraQuality.Web.Features.Import;

/// <summary>
/// The latest upload of the Import page, kept while the user navigates away. Jira exports are queued as one
/// <c>csv-import</c> job that the runner follows with <c>processing</c> (so the chain survives a closed
/// browser); scored CSVs in the predecessor's layout are queued as one <c>scored-csv-import</c> job each. The
/// state follows its jobs through the runner's event stream and keeps the import's full report.
/// </summary>
public sealed class ImportPageState(IJobQueue queue, IJobEvents events, ImportReportArchive archive, ILogger<ImportPageState> logger)
{
    private readonly Lock _gate = new();
    private IReadOnlyList<ImportPageJob> _jobs = [];
    private Task _following = Task.CompletedTask;

    /// <summary>Raised when an upload is queued and when one of its jobs ends; handlers must marshal to their renderer.</summary>
    public event Action? Changed;

    /// <summary>The jobs of the latest upload, Jira exports first.</summary>
    public IReadOnlyList<ImportPageJob> Jobs => _jobs;

    /// <summary>True while an import job of the latest upload is queued or running (the processing that follows may still run).</summary>
    public bool IsImporting => _jobs.Any(j => j.IsActive);

    public string? LastError { get; private set; }

    /// <summary>The full report of the latest upload's Jira import, once it has finished.</summary>
    public ImportReport? LastReport =>
        _jobs.FirstOrDefault(j => j.Kind == JobKinds.CsvImport) is { ReportId: { } reportId, Finished: not null } ? archive.Get(reportId) : null;

    /// <summary>
    /// Queues uploaded copies (the jobs delete them afterwards). Returns false, deleting the copies, when an
    /// import of the previous upload is still running. <paramref name="overwriteScored"/> lets scored CSVs
    /// replace rows this app scored itself (otherwise those rows are kept and counted as skipped).
    /// </summary>
    public async Task<bool> StartAsync(
        IReadOnlyList<(ImportFile File, ImportFileKind Kind)> files,
        bool overwriteScored = false,
        string requestedBy = JobRequesters.Page,
        CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (IsImporting)
            {
                DeleteCopies(files.Select(f => f.File));
                return false;
            }

            // Claims the state until the jobs are queued, so a second upload in between is refused.
            _jobs = [new ImportPageJob(Guid.Empty, JobKinds.CsvImport, [], null)];
            LastError = null;
        }

        var jobs = new List<ImportPageJob>();
        try
        {
            var exports = files.Where(f => f.Kind == ImportFileKind.JiraExport).Select(f => f.File).ToList();
            if (exports.Count > 0)
            {
                var reportId = Guid.NewGuid().ToString("N");
                var request = CsvImportJobHandler.CreateRequest(exports, requestedBy, deleteAfter: true, reportId);
                var parameters = new Dictionary<string, string>(request.Parameters) { [JobRunner.ThenParameter] = JobKinds.Processing };
                var job = await queue.EnqueueAsync(request with { Parameters = parameters }, cancellationToken);
                jobs.Add(new ImportPageJob(job.Id, JobKinds.CsvImport, exports.Select(f => f.DisplayName).ToList(), reportId));
            }

            foreach (var (file, _) in files.Where(f => f.Kind == ImportFileKind.ScoredCsv))
            {
                var job = await queue.EnqueueAsync(
                    ScoredCsvImportJobHandler.CreateRequest(file.Path, file.DisplayName, requestedBy, deleteAfter: true, overwriteScored), cancellationToken);
                jobs.Add(new ImportPageJob(job.Id, JobKinds.ScoredCsvImport, [file.DisplayName], null));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Files already queued are imported; the rest are not, and the page says so.
            logger.LogError(ex, "Queuing the uploaded files failed");
            LastError = $"Queuing the import failed: {ex.Message}";
            var queued = jobs.SelectMany(j => j.FileNames).ToHashSet();
            DeleteCopies(files.Select(f => f.File).Where(f => !queued.Contains(f.DisplayName)));
        }

        lock (_gate)
        {
            _jobs = jobs;
            _following = Task.WhenAll(jobs.Select(FollowAsync));
        }

        Changed?.Invoke();
        return true;
    }

    /// <summary>Completes when every job of the latest upload has ended (for tests and shutdown).</summary>
    public Task WhenIdleAsync() => _following;

    private async Task FollowAsync(ImportPageJob job)
    {
        var finished = new TaskCompletionSource<JobSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (events.Subscribe(
            batch =>
            {
                if (batch.Finished.LastOrDefault(f => f.Id == job.JobId) is { } done)
                {
                    finished.TrySetResult(done);
                }

                return Task.CompletedTask;
            },
            new JobSubscriptionOptions { JobId = job.JobId, IncludeLogs = false }))
        {
            // Subscribed first, then read: a job that ended in between is seen either way.
            var current = await queue.GetAsync(job.JobId);
            if (current is null or { IsActive: false })
            {
                finished.TrySetResult(current ?? Missing(job));
            }

            job.Finished = await finished.Task;
        }

        if (job.Kind == JobKinds.CsvImport && job.Finished.State == JobStates.Succeeded && LastReport is null)
        {
            LastError = "The import job ended without a report; see the Jobs page for its log.";
        }

        Changed?.Invoke();
    }

    private static JobSnapshot Missing(ImportPageJob job) =>
        new(job.JobId, job.Kind, JobStates.Failed, JobRequesters.Page, 0, 0, null, default, null, null, "The job record was not found.", null);

    private void DeleteCopies(IEnumerable<ImportFile> files)
    {
        foreach (var file in files)
        {
            try
            {
                File.Delete(file.Path);
            }
            catch (IOException ex)
            {
                logger.LogDebug(ex, "Could not delete the uploaded copy {Path}", file.Path);
            }
        }
    }
}
