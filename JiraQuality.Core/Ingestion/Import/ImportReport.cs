using System.Globalization;
using System.Text;

namespace JiraQuality.Core.Ingestion.Import;

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
