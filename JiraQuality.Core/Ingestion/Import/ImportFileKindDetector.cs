using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace JiraQuality.Core.Ingestion.Import;

/// <summary>Tells the two kinds of upload apart from the header row alone.</summary>
public static class ImportFileKindDetector
{
    // Columns only the predecessor's analysis files have; a Jira export never carries them.
    private static readonly string[] ScoredColumns = ["llm_summary_250", "conversation_rating"];

    /// <summary>
    /// The kind the header names. A file that is neither is treated as a Jira export, whose import then says
    /// which column is missing.
    /// </summary>
    public static ImportFileKind Detect(string path)
    {
        using var stream = File.OpenRead(path);
        using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
        return Detect(reader);
    }

    public static ImportFileKind Detect(TextReader reader)
    {
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = false, BadDataFound = null });
        try
        {
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header)
            {
                return ImportFileKind.JiraExport;
            }

            var names = header.Select(h => h.Trim().TrimStart('\uFEFF')).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return ScoredColumns.All(names.Contains) ? ImportFileKind.ScoredCsv : ImportFileKind.JiraExport;
        }
        catch (CsvHelperException)
        {
            // An unreadable header is reported by the Jira import, naming the file and line.
            return ImportFileKind.JiraExport;
        }
    }
}
