using System.Globalization;
using System.Text;

namespace JiraQuality.Core.Ingestion.Import;

/// <summary>A problem found at a place in a file: the line, the column when known, the value and why.</summary>
public sealed record ImportIssue(int Line, string? Column, string? Value, string Message)
{
    public override string ToString()
    {
        var where = new List<string>(3);
        if (Line > 0)
        {
            where.Add($"line {Line}");
        }

        if (Column is not null)
        {
            where.Add($"column '{Column}'");
        }

        if (Value is not null)
        {
            where.Add($"value '{Shorten(Value)}'");
        }

        return where.Count == 0 ? Message : $"{string.Join(", ", where)}: {Message}";
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..57] + "...";
}

/// <summary>What happened to one file.</summary>
public sealed class ImportFileReport(string fileName, int maxEntries)
{
    private readonly List<ImportIssue> _rejected = [];
    private readonly List<ImportIssue> _warnings = [];
    private readonly Lock _gate = new();

    public string FileName { get; } = fileName;
    public int RowsRead { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int RejectedCount { get; private set; }
    public int WarningCount { get; private set; }
    public IReadOnlyList<ImportIssue> Rejected => _rejected;
    public IReadOnlyList<ImportIssue> Warnings => _warnings;

    /// <summary>Why the file was refused or stopped; null when it was read to the end.</summary>
    public ImportIssue? Error { get; set; }

    public TimeSpan Duration { get; set; }

    /// <summary>Rows whose every cell is empty (Excel leaves them): skipped and counted, not rejected.</summary>
    public int BlankRowsSkipped { get; set; }

    /// <summary>The field delimiter the header was read with ("," unless the file was saved with ";" or tabs).</summary>
    public string? Delimiter { get; set; }

    /// <summary>Tickets, comments and authors by role, inferred internal notes.</summary>
    public ImportContentCounts Content { get; } = new();

    public bool Succeeded => Error is null;

    public int Stored => Created + Updated + Unchanged;

    // The reading and the writing side of an import report from two threads.
    public void Reject(ImportIssue issue)
    {
        lock (_gate)
        {
            RejectedCount++;
            if (_rejected.Count < maxEntries)
            {
                _rejected.Add(issue);
            }
        }
    }

    public void Warn(ImportIssue issue)
    {
        lock (_gate)
        {
            WarningCount++;
            if (_warnings.Count < maxEntries)
            {
                _warnings.Add(issue);
            }
        }
    }
}

/// <summary>The report of one import of one or more files.</summary>
public sealed class ImportReport
{
    public List<ImportFileReport> Files { get; } = [];

    public bool Succeeded => Files.All(f => f.Succeeded);
    public int RowsRead => Files.Sum(f => f.RowsRead);
    public int Created => Files.Sum(f => f.Created);
    public int Updated => Files.Sum(f => f.Updated);
    public int Unchanged => Files.Sum(f => f.Unchanged);
    public int Rejected => Files.Sum(f => f.RejectedCount);
    public int Warnings => Files.Sum(f => f.WarningCount);

    /// <summary>Tickets created, updated or found unchanged: the rows that made it into the store.</summary>
    public int Stored => Files.Sum(f => f.Stored);
    public TimeSpan Duration => TimeSpan.FromTicks(Files.Sum(f => f.Duration.Ticks));

    /// <summary>When the imported conversations start and end on the dashboard's time line; null without dated messages.</summary>
    public DateTime? EarliestUtc => Files.Select(f => f.Content.EarliestUtc).Where(d => d is not null).Min();

    public DateTime? LatestUtc => Files.Select(f => f.Content.LatestUtc).Where(d => d is not null).Max();

    /// <summary>"2025-10-01 → 2025-11-30" (UTC dates), or null.</summary>
    public string? Period => EarliestUtc is { } from && LatestUtc is { } to
        ? string.Create(CultureInfo.InvariantCulture, $"{from:yyyy-MM-dd} → {to:yyyy-MM-dd}")
        : null;

    public string Summary =>
        $"{Files.Count} file(s): {RowsRead} rows read, {Created} created, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected, {Warnings} warning(s)"
        + (Succeeded ? "" : $", {Files.Count(f => !f.Succeeded)} file(s) failed");

    /// <summary>The report as plain text, as the command line prints it.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        foreach (var file in Files)
        {
            text.Append(CultureInfo.InvariantCulture, $"{file.FileName}: ");
            text.AppendLine(file.Succeeded ? "imported" : $"FAILED — {file.Error}");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  rows read {file.RowsRead}, created {file.Created}, updated {file.Updated}, unchanged {file.Unchanged}, rejected {file.RejectedCount}, warnings {file.WarningCount} ({file.Duration.TotalSeconds:0.0} s)");
            text.AppendLine(CultureInfo.InvariantCulture, $"  {file.Content.ToText()}; blank rows skipped {file.BlankRowsSkipped}{(file.Delimiter is { } d ? $"; delimiter {DelimiterName(d)}" : "")}");
            foreach (var rejected in file.Rejected)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  rejected {rejected}");
            }

            if (file.RejectedCount > file.Rejected.Count)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  ... and {file.RejectedCount - file.Rejected.Count} more rejected rows");
            }

            foreach (var warning in file.Warnings)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  warning {warning}");
            }

            if (file.WarningCount > file.Warnings.Count)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  ... and {file.WarningCount - file.Warnings.Count} more warnings");
            }
        }

        text.AppendLine(Summary);
        if (Period is { } period)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Conversations dated {period} (UTC)");
        }

        return text.ToString();
    }

    private static string DelimiterName(string delimiter) => DelimiterNames.Of(delimiter);
}

/// <summary>Names a delimiter for people: comma, semicolon, tab.</summary>
public static class DelimiterNames
{
    public static string Of(string delimiter) => delimiter switch
    {
        "," => "comma",
        ";" => "semicolon",
        "\t" => "tab",
        _ => $"'{delimiter}'",
    };
}

/// <summary>A file that cannot be imported at all (not CSV, empty, no Issue key column, broken quoting, too big).</summary>
public sealed class CsvImportException(string fileName, int line, string reason)
    : Exception(line > 0 ? $"{fileName} line {line}: {reason}" : $"{fileName}: {reason}")
{
    public string FileName { get; } = fileName;
    public int Line { get; } = line;
    public string Reason { get; } = reason;
}
