namespace JiraQuality.Core.Ingestion.Import;

/// <summary>A file that cannot be imported at all (not CSV, empty, no Issue key column, broken quoting, too big).</summary>
public sealed class CsvImportException(string fileName, int line, string reason)
    : Exception(line > 0 ? $"{fileName} line {line}: {reason}" : $"{fileName}: {reason}")
{
    public string FileName { get; } = fileName;
    public int Line { get; } = line;
    public string Reason { get; } = reason;
}
