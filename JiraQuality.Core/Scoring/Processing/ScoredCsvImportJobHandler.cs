using JiraQuality.Core.Jobs;

namespace JiraQuality.Core.Scoring.Processing;

/// <summary>
/// Runs <see cref="JobKinds.ScoredCsvImport"/>: parameters <c>path</c>, optional <c>name</c> (the name the user
/// knows the file by, for uploaded copies), <c>overwrite</c> and <c>deleteAfter</c> ("true" for uploaded copies).
/// </summary>
public sealed class ScoredCsvImportJobHandler(
    ScoredCsvImporter importer,
    Instances.StoredUploads? uploads = null,
    Ingestion.Import.UploadSpool? spool = null) : IJobHandler
{
    public const string PathParameter = "path";
    public const string NameParameter = "name";
    public const string OverwriteParameter = "overwrite";
    public const string DeleteAfterParameter = "deleteAfter";

    public string Kind => JobKinds.ScoredCsvImport;

    public static JobRequest CreateRequest(string path, string displayName, string requestedBy, bool deleteAfter, bool overwrite = false) =>
        new(JobKinds.ScoredCsvImport, requestedBy, new Dictionary<string, string>
        {
            [PathParameter] = path,
            [NameParameter] = displayName,
            [OverwriteParameter] = overwrite ? "true" : "false",
            [DeleteAfterParameter] = deleteAfter ? "true" : "false",
        });

    public async Task<JobResult> RunAsync(JobRequest request, IJobProgress progress, CancellationToken cancellationToken)
    {
        var requested = request.Get(PathParameter) ?? throw new ArgumentException($"A scored CSV import needs the '{PathParameter}' parameter.");
        var overwrite = string.Equals(request.Get(OverwriteParameter), "true", StringComparison.OrdinalIgnoreCase);
        var path = requested;
        string? localCopy = null;
        try
        {
            if (Instances.StoredUploads.TryParseReference(requested, out var uploadId))
            {
                if (uploads is null || spool is null)
                {
                    throw new InvalidOperationException("Uploaded files kept in the database cannot be read by this host.");
                }

                // A file that cannot be read fails the job (StoredUploadUnavailableException names it) before anything is imported.
                path = localCopy = await uploads.CopyToSpoolAsync(uploadId, request.Get(NameParameter) ?? "scored CSV", spool, cancellationToken);
            }

            ScoredImportResult result;
            if (request.Get(NameParameter) is { Length: > 0 } name)
            {
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException($"Scored CSV '{name}' does not exist.", path);
                }

                using var reader = new StreamReader(path, detectEncodingFromByteOrderMarks: true);
                result = await importer.ImportAsync(reader, name, overwrite, progress, cancellationToken);
            }
            else
            {
                result = await importer.ImportAsync(path, overwrite, progress, cancellationToken);
            }

            return new JobResult(result.Describe());
        }
        finally
        {
            // A stopped job keeps its copy: after a shutdown the runner queues it again, after a cancel the upload janitor deletes it.
            if (localCopy is not null)
            {
                spool?.Delete([localCopy]);
            }

            if (string.Equals(request.Get(DeleteAfterParameter), "true", StringComparison.OrdinalIgnoreCase) && !cancellationToken.IsCancellationRequested)
            {
                try
                {
                    if (Instances.StoredUploads.TryParseReference(requested, out var storedId))
                    {
                        if (uploads is not null)
                        {
                            await uploads.DeleteAsync([storedId], CancellationToken.None);
                        }
                    }
                    else
                    {
                        File.Delete(path);
                    }
                }
                catch (IOException)
                {
                    // A leftover upload copy is harmless and the temp folder is cleaned by the OS.
                }
            }
        }
    }
}
