using JiraQuality.Core.Ingestion.Csv;
using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JiraQuality.Core.Ingestion.Sample;

/// <summary>
/// On the first start of an empty embedded (SQLite) database, imports the committed sample export moved in
/// time so its latest activity is a few minutes ago: a newcomer sees a live dashboard. Turned off with
/// <c>Sample:ImportOnFirstStart=false</c>; never runs against PostgreSQL or a database that has tickets.
/// When the app has a job queue, a processing job (requested by <see cref="JobRequesters.Startup"/>) then scores
/// the sample, so the dashboard has figures; it uses the configured scorer (the heuristic one without an LLM key).
/// </summary>
public sealed class SampleImportService(
    SampleOptions sampleOptions,
    StorageOptions storageOptions,
    IngestionOptions ingestionOptions,
    IngestionPaths paths,
    IDbContextFactory<JiraQualityDbContext> contextFactory,
    CsvImportService importService,
    TimeProvider timeProvider,
    ILogger<SampleImportService> logger,
    IJobQueue? jobQueue = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await ImportIfFirstStartAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is DbUpdateException or IOException or CsvImportException or InvalidOperationException)
        {
            logger.LogError(ex, "The sample import failed");
        }
    }

    /// <summary>Returns the report when the sample was imported, null when it was not needed.</summary>
    public async Task<ImportReport?> ImportIfFirstStartAsync(CancellationToken cancellationToken)
    {
        if (!sampleOptions.ImportOnFirstStart || storageOptions.Provider != DatabaseProvider.Sqlite)
        {
            return null;
        }

        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.PreparedConversations.AnyAsync(cancellationToken))
            {
                return null;
            }
        }

        if (!File.Exists(paths.SampleExportFile))
        {
            logger.LogWarning("Sample export {File} is missing; starting with an empty database", paths.SampleExportFile);
            return null;
        }

        var shift = await ComputeShiftAsync(paths.SampleExportFile, cancellationToken);
        logger.LogInformation("Importing the sample export {File}, moved forward by {Days:0.0} days", paths.SampleExportFile, shift.TotalDays);
        var report = await importService.ImportAsync(
            [new ImportFile(paths.SampleExportFile, Path.GetFileName(paths.SampleExportFile))],
            new CsvImportRequest { TimeShift = shift },
            NullJobProgress.Instance,
            cancellationToken);
        logger.LogInformation("Sample import: {Summary}", report.Summary);
        if (jobQueue is not null && report.Created > 0)
        {
            // The sample's reasons come from its own taxonomy; scoring it against the shipped one would mark them all "Other".
            var parameters = new Dictionary<string, string>();
            if (File.Exists(paths.SampleTaxonomyFile))
            {
                parameters[ProcessingParameters.TaxonomyFile] = paths.SampleTaxonomyFile;
            }

            var job = await jobQueue.EnqueueAsync(new JobRequest(JobKinds.Processing, JobRequesters.Startup, parameters), cancellationToken);
            logger.LogInformation("Scoring the sample conversations as job {JobId}", job.Id);
        }

        return report;
    }

    /// <summary>How far to move the sample so its latest timestamp lands five minutes before now (whole minutes).</summary>
    public async Task<TimeSpan> ComputeShiftAsync(string path, CancellationToken cancellationToken)
    {
        var reader = new JiraCsvReader(ingestionOptions, JiraDateParser.FromOptions(ingestionOptions));
        var latest = DateTime.MinValue;
        await using var stream = File.OpenRead(path);
        foreach (var ticket in reader.Read(stream, new ImportFileReport(Path.GetFileName(path), 0)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            latest = Max(latest, ticket.CreatedUtc);
            latest = Max(latest, ticket.UpdatedUtc);
            foreach (var comment in ticket.Comments)
            {
                latest = Max(latest, comment.TimestampUtc);
            }
        }

        if (latest == DateTime.MinValue)
        {
            return TimeSpan.Zero;
        }

        var target = timeProvider.GetUtcNow().UtcDateTime.AddMinutes(-5);
        return TimeSpan.FromMinutes(Math.Floor((target - latest).TotalMinutes));
    }

    private static DateTime Max(DateTime current, DateTime? candidate) => candidate is { } value && value > current ? value : current;
}
