using JiraQuality.Core.Instances;
using JiraQuality.Core.Jobs;

namespace JiraQuality.Core.Ingestion.Import;

/// <summary>
/// Runs a CSV import as a job. Parameters: <c>files</c> (paths, one per line), optional <c>names</c>
/// (display names, one per line, same order), <c>deleteAfter</c> ("true" for uploaded temporary copies) and
/// <c>reportId</c> (the full report is kept in <see cref="ImportReportArchive"/> under it). A file may also be a
/// <see cref="StoredUploads.Reference"/> (a browser upload kept in the database), which any instance can read.
/// </summary>
public sealed class CsvImportJobHandler(
    CsvImportService importService,
    ImportReportArchive archive,
    StoredUploads? uploads = null,
    UploadSpool? spool = null) : IJobHandler
{
    public const string FilesParameter = "files";
    public const string NamesParameter = "names";
    public const string DeleteAfterParameter = "deleteAfter";
    public const string ReportIdParameter = "reportId";

    public string Kind => JobKinds.CsvImport;

    public static JobRequest CreateRequest(IReadOnlyList<ImportFile> files, string requestedBy, bool deleteAfter, string? reportId = null)
    {
        var parameters = new Dictionary<string, string>
        {
            [FilesParameter] = string.Join('\n', files.Select(f => f.Path)),
            [NamesParameter] = string.Join('\n', files.Select(f => f.DisplayName)),
            [DeleteAfterParameter] = deleteAfter ? "true" : "false",
        };
        if (reportId is not null)
        {
            parameters[ReportIdParameter] = reportId;
        }

        return new JobRequest(JobKinds.CsvImport, requestedBy, parameters);
    }

    public static IReadOnlyList<ImportFile> ReadFiles(JobRequest request)
    {
        var paths = Split(request.Get(FilesParameter));
        if (paths.Length == 0)
        {
            throw new ArgumentException($"The {JobKinds.CsvImport} job needs the '{FilesParameter}' parameter (one path per line).");
        }

        var names = Split(request.Get(NamesParameter));
        return paths.Select((path, i) => new ImportFile(path, i < names.Length && names[i].Length > 0 ? names[i] : Path.GetFileName(path))).ToList();
    }

    public async Task<JobResult> RunAsync(JobRequest request, IJobProgress progress, CancellationToken cancellationToken)
    {
        var requested = ReadFiles(request);
        var deleteAfter = string.Equals(request.Get(DeleteAfterParameter), "true", StringComparison.OrdinalIgnoreCase);
        var localCopies = new List<string>();
        try
        {
            // A file that cannot be read fails the job before anything is imported, so nothing is queued after it.
            var files = await ResolveStoredUploadsAsync(requested, localCopies, cancellationToken);
            var report = await importService.ImportAsync(files, new CsvImportRequest(), progress, cancellationToken);
            if (request.Get(ReportIdParameter) is { Length: > 0 } reportId)
            {
                archive.Put(reportId, report);
            }
            foreach (var line in report.ToText().Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(200))
            {
                progress.Log(line.TrimEnd('\r'));
            }

            // A failed job queues no follow-up: nothing is scored on the strength of a file that was refused or cut short.
            if (FailureOf(report) is { } failure)
            {
                throw new CsvImportFailedException(failure);
            }

            return new JobResult(report.Summary, report.Rejected);
        }
        finally
        {
            spool?.Delete(localCopies);

            // A stopped job keeps its copies: after a shutdown the runner queues the same files again, and after a
            // cancel the upload janitor deletes them.
            if (deleteAfter && !cancellationToken.IsCancellationRequested)
            {
                var stored = new List<Guid>();
                foreach (var file in requested)
                {
                    if (StoredUploads.TryParseReference(file.Path, out var id))
                    {
                        stored.Add(id);
                    }
                    else
                    {
                        TryDelete(file.Path);
                    }
                }

                if (uploads is not null && stored.Count > 0)
                {
                    await uploads.DeleteAsync(stored, CancellationToken.None);
                }
            }
        }
    }

    /// <summary>Copies each stored upload to a local file for the importer; the paths are added to <paramref name="localCopies"/>.</summary>
    private async Task<IReadOnlyList<ImportFile>> ResolveStoredUploadsAsync(
        IReadOnlyList<ImportFile> requested, List<string> localCopies, CancellationToken cancellationToken)
    {
        var files = new List<ImportFile>(requested.Count);
        foreach (var file in requested)
        {
            if (!StoredUploads.TryParseReference(file.Path, out var id))
            {
                files.Add(file);
                continue;
            }

            if (uploads is null || spool is null)
            {
                throw new CsvImportFailedException($"{file.DisplayName}: uploaded files kept in the database cannot be read by this host.");
            }

            try
            {
                var path = await uploads.CopyToSpoolAsync(id, file.DisplayName, spool, cancellationToken);
                localCopies.Add(path);
                files.Add(file with { Path = path });
            }
            catch (StoredUploadUnavailableException ex)
            {
                throw new CsvImportFailedException($"{file.DisplayName}: {ex.Message} Nothing was imported.");
            }
        }

        return files;
    }

    /// <summary>Why the import as a whole failed: a file refused or not read to the end, or nothing stored at all.</summary>
    internal static string? FailureOf(ImportReport report)
    {
        var failed = report.Files.Where(f => !f.Succeeded).ToList();
        if (failed.Count > 0)
        {
            return $"{failed.Count} of {report.Files.Count} file(s) failed: "
                + string.Join("; ", failed.Take(5).Select(f => $"{f.FileName}: {f.Error}"))
                + (failed.Count > 5 ? "; ..." : "")
                + $". {report.Summary}.";
        }

        return report.Stored == 0 ? $"Nothing was imported. {report.Summary}." : null;
    }

    private static string[] Split(string? value) =>
        (value ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover upload copy is harmless and the temp folder is cleaned by the OS.
        }
    }
}
