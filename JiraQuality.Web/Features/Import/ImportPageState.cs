using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Jobs;

namespace JiraQuality.Web.Features.Import;

/// <summary>
/// The import started from the Import page: one at a time for the whole app, kept while the user navigates
/// away, with progress and the last report. It runs the same <see cref="CsvImportService"/> as the
/// <c>csv-import</c> job and the <c>import</c> verb.
/// </summary>
public sealed class ImportPageState(CsvImportService importService, ILogger<ImportPageState> logger) : IJobProgress
{
    private readonly Lock _gate = new();
    private Task _running = Task.CompletedTask;

    /// <summary>Raised on every progress step and when an import starts or ends; handlers must marshal to their renderer.</summary>
    public event Action? Changed;

    public bool IsRunning { get; private set; }
    public int Completed { get; private set; }
    public int Total { get; private set; }
    public string? CurrentItem { get; private set; }
    public IReadOnlyList<string> FileNames { get; private set; } = [];
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

    private async Task RunAsync(IReadOnlyList<ImportFile> files)
    {
        try
        {
            LastReport = await importService.ImportAsync(files, new CsvImportRequest(), this, CancellationToken.None);
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
