using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Web.Features.Import;

/// <summary>
/// The import started from the Import page: one at a time for the whole app, kept while the user navigates
/// away, with progress and the last report. When the app has a job queue the import is queued as a
/// <c>csv-import</c> job (and shows on the Jobs page); without one it runs the same
/// <see cref="CsvImportService"/> here.
/// </summary>
public sealed class ImportPageState(
    CsvImportService importService,
    ImportReportArchive archive,
    IServiceProvider services,
    TimeProvider timeProvider,
    ILogger<ImportPageState> logger) : IJobProgress
{
    public static readonly TimeSpan JobPollInterval = TimeSpan.FromMilliseconds(500);

    private readonly Lock _gate = new();
    private Task _running = Task.CompletedTask;

    /// <summary>Raised on every progress step and when an import starts or ends; handlers must marshal to their renderer.</summary>
    public event Action? Changed;

    public bool IsRunning { get; private set; }
    public int Completed { get; private set; }
    public int Total { get; private set; }
    public string? CurrentItem { get; private set; }
    public IReadOnlyList<string> FileNames { get; private set; } = [];

    /// <summary>The job running the import, when it went through the job queue.</summary>
    public Guid? JobId { get; private set; }
    public ImportReport? LastReport { get; private set; }
    public string? LastError { get; private set; }

    public double Percent => Total <= 0 ? 0 : Math.Round(100.0 * Completed / Total, 1);

    /// <summary>The progress line the app uses everywhere: "Processing progress: X/Y (Z%) [ISSUE]".</summary>
    public string ProgressText =>
        $"Processing progress: {Completed}/{Total} ({Percent}%)" + (CurrentItem is null ? "" : $" [{CurrentItem}]");

    /// <summary>Starts importing uploaded copies (deleted afterwards); false when an import is already running.</summary>
    public bool TryStart(IReadOnlyList<ImportFile> files)
    {
        lock (_gate)
        {
            if (IsRunning)
            {
                return false;
            }

            IsRunning = true;
            Completed = 0;
            Total = 0;
            CurrentItem = null;
            LastError = null;
            LastReport = null;
            JobId = null;
            FileNames = files.Select(f => f.DisplayName).ToList();
            _running = Task.Run(() => RunAsync(files));
        }

        Changed?.Invoke();
        return true;
    }

    /// <summary>Completes when the current import has finished (for tests and shutdown).</summary>
    public Task WhenIdleAsync() => _running;

    public void Report(int completed, int total, string? currentItem = null)
    {
        Completed = completed;
        Total = total;
        CurrentItem = currentItem;
        Changed?.Invoke();
    }

    public void Log(string line) => logger.LogInformation("Import: {Line}", line);

    private async Task RunAsJobAsync(IJobQueue queue, IReadOnlyList<ImportFile> files)
    {
        var reportId = Guid.NewGuid().ToString("N");
        JobSnapshot? snapshot = await queue.EnqueueAsync(CsvImportJobHandler.CreateRequest(files, JobRequesters.Page, deleteAfter: true, reportId));
        JobId = snapshot.Id;
        while (snapshot is { IsActive: true })
        {
            Report(snapshot.Completed, snapshot.Total, snapshot.CurrentItem);
            await Task.Delay(JobPollInterval, timeProvider);
            snapshot = await queue.GetAsync(snapshot.Id);
        }

        LastReport = archive.Get(reportId);
        if (LastReport is null)
        {
            // The queue hands back a running import job instead of starting a second one.
            LastError = snapshot?.Error
                ?? "Another import job was running, so these files were not imported; upload them again when it has finished.";
        }
    }

    private async Task RunAsync(IReadOnlyList<ImportFile> files)
    {
        try
        {
            var queue = services.GetService<IJobQueue>();
            if (queue is null)
            {
                LastReport = await importService.ImportAsync(files, new CsvImportRequest(), this, CancellationToken.None);
            }
            else
            {
                await RunAsJobAsync(queue, files);
            }
        }
        catch (Exception ex)
        {
            // The page shows the failure; the process must not go down with a background import.
            logger.LogError(ex, "Import from the Import page failed");
            LastError = ex.Message;
        }
        finally
        {
            foreach (var file in files)
            {
                // A queued job deletes its copies itself; this covers the direct run and a job that never ran.
                try
                {
                    File.Delete(file.Path);
                }
                catch (IOException)
                {
                    // An uploaded copy left behind is removed with the temp folder.
                }
            }

            IsRunning = false;
            Changed?.Invoke();
        }
    }
}
