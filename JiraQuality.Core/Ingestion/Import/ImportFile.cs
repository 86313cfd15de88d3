namespace JiraQuality.Core.Ingestion.Import;

/// <summary>One file to import: where it is and the name to report it under.</summary>
public sealed record ImportFile(string Path, string DisplayName)
{
    public static ImportFile FromPath(string path) => new(path, System.IO.Path.GetFileName(path));
}
