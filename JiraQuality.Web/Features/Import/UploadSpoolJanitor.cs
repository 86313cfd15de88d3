using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Core.Instances;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Processing;

namespace JiraQuality.Web.Features.Import;

/// <summary>
/// Deletes uploaded spool files once their import job has ended in any way (succeeded, failed, or cancelled before it
/// ran, when its handler never got to clean up), and, after start-up recovery and hourly, files no queued or running
/// job needs. A job interrupted by a shutdown keeps its files: the runner queues its work again.
/// </summary>
public sealed class UploadSpoolJanitor(
    UploadSpool spool,
    StoredUploads uploads,
    IJobEvents events,
    JobStore store,
    JobRunner runner,
    TimeProvider time,
    ILogger<UploadSpoolJanitor> logger) : BackgroundService
{
    /// <summary>How old an unreferenced spool file must be before a sweep removes it (an upload may be being written).</summary>
    public static readonly TimeSpan OrphanAge = TimeSpan.FromMinutes(30);

    public static readonly TimeSpan SweepInterval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = events.SubscribeToFinished(OnFinishedAsync);
        try
        {
            await runner.Recovered.WaitAsync(stoppingToken);
            await SweepAsync(stoppingToken);
            using var timer = new PeriodicTimer(SweepInterval, time);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>The spool files a job was given to delete afterwards.</summary>
    public static IEnumerable<string> SpooledFiles(string kind, IReadOnlyDictionary<string, string> parameters)
    {
        if (kind == JobKinds.CsvImport && IsTrue(parameters, CsvImportJobHandler.DeleteAfterParameter))
        {
            return (parameters.GetValueOrDefault(CsvImportJobHandler.FilesParameter) ?? "")
                .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        }

        if (kind == JobKinds.ScoredCsvImport && IsTrue(parameters, ScoredCsvImportJobHandler.DeleteAfterParameter)
            && parameters.GetValueOrDefault(ScoredCsvImportJobHandler.PathParameter) is { Length: > 0 } path)
        {
            return [path];
        }

        return [];
    }

    private async Task OnFinishedAsync(JobSnapshot job)
    {
        if (job.Kind is not (JobKinds.CsvImport or JobKinds.ScoredCsvImport) || job.State == JobStates.Interrupted)
        {
            return;
        }

        try
        {
            if (await store.GetDetailsAsync(job.Id) is { } details)
            {
                var files = SpooledFiles(job.Kind, details.Parameters).ToList();
                var deleted = spool.Delete(files) + await uploads.DeleteAsync(StoredIds(files));
                if (deleted > 0)
                {
                    logger.LogInformation("Deleted {Count} uploaded file(s) left by {State} job {JobId}", deleted, job.State, job.Id);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Uploaded files of job {JobId} could not be deleted now; the next sweep removes them: {Message}", job.Id, ex.Message);
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            var active = await store.ListActiveAsync(null, cancellationToken);
            var needed = active.SelectMany(run => SpooledFiles(run.Kind, JobStore.ToRequest(run).Parameters)).ToList();
            var inUse = needed
                .Where(path => !StoredUploads.TryParseReference(path, out _))
                .Select(Path.GetFullPath)
                .ToHashSet(StringComparer.Ordinal);
            var deleted = spool.DeleteOrphans(inUse, OrphanAge, time.GetUtcNow().UtcDateTime)
                + await uploads.DeleteOrphansAsync(StoredIds(needed).ToHashSet(), OrphanAge, cancellationToken);
            if (deleted > 0)
            {
                logger.LogInformation("Deleted {Count} uploaded file(s) no import job needs", deleted);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("The upload folder could not be swept: {Message}", ex.Message);
        }
    }

    private static IEnumerable<Guid> StoredIds(IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            if (StoredUploads.TryParseReference(file, out var id))
            {
                yield return id;
            }
        }
    }

    private static bool IsTrue(IReadOnlyDictionary<string, string> parameters, string name) =>
        string.Equals(parameters.GetValueOrDefault(name), "true", StringComparison.OrdinalIgnoreCase);
}
