namespace JiraQuality.Core.Ingestion.Import;

/// <summary>
/// Where uploaded files wait for their import job: <c>uploads/</c> in the data folder, readable by the app's own user
/// only (folder 0700, files 0600), because an upload is a customer-data export. Only files inside this folder are ever
/// deleted through it, so an import of a user's own file (the CLI) is never touched.
/// </summary>
public sealed class UploadSpool(string folder)
{
    public const string FolderName = "uploads";

    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Folder { get; } = Path.GetFullPath(folder);

    public static UploadSpool InDataDirectory(string dataDirectory) => new(Path.Combine(dataDirectory, FolderName));

    /// <summary>Creates a new, empty spool file that only this user can read; the caller writes the upload into it.</summary>
    public FileStream Create(out string path)
    {
        EnsureFolder();
        path = Path.Combine(Folder, $"{Guid.NewGuid():N}.csv");
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return new FileStream(path, options);
    }

    /// <summary>True when the path is a file directly inside the spool folder.</summary>
    public bool Holds(string path) =>
        !string.IsNullOrWhiteSpace(path)
        && string.Equals(Path.GetDirectoryName(Path.GetFullPath(path)), Folder, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>Deletes the given files that live in the spool folder; returns how many were removed.</summary>
    public int Delete(IEnumerable<string> paths)
    {
        var deleted = 0;
        foreach (var path in paths.Where(Holds))
        {
            try
            {
                if (File.Exists(path))
                {
                    File.Delete(path);
                    deleted++;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Tried again by the next sweep.
            }
        }

        return deleted;
    }

    /// <summary>
    /// Deletes spool files no queued or running job needs (left by a crash mid-upload, or by a job that ended without
    /// running its clean-up) once they are older than <paramref name="minimumAge"/>, so an upload being written now is kept.
    /// </summary>
    public int DeleteOrphans(IReadOnlySet<string> inUse, TimeSpan minimumAge, DateTime nowUtc)
    {
        if (!Directory.Exists(Folder))
        {
            return 0;
        }

        var orphans = Directory.EnumerateFiles(Folder)
            .Where(path => !inUse.Contains(Path.GetFullPath(path)) && nowUtc - File.GetLastWriteTimeUtc(path) >= minimumAge);
        return Delete(orphans.ToList());
    }

    private void EnsureFolder()
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(Folder);
            return;
        }

        Directory.CreateDirectory(Folder, FolderMode);
        // A folder made by an older version (or by hand) may be wider open than ours.
        if (File.GetUnixFileMode(Folder) != FolderMode)
        {
            File.SetUnixFileMode(Folder, FolderMode);
        }
    }
}
