using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Import;

namespace JiraQuality.Core.Ingestion.Csv;

/// <summary>
/// Streams a Jira CSV export ("all fields" or "current fields", Cloud or Data Center) into tickets, one
/// row at a time, so memory does not grow with the file. Columns are matched by position because Jira
/// repeats headers (<c>Comment</c> 100+ times, <c>Custom field (Contact Reason)</c> twice). Bad rows are
/// reported with their line and skipped; a file that cannot be read at all raises <see cref="CsvImportException"/>.
/// </summary>
public sealed class JiraCsvReader(IngestionOptions options, JiraDateParser dates)
{
    /// <summary>
    /// A field still open at this many characters means a quote was never closed; reading stops there instead of
    /// swallowing the file (and memory). Far above <see cref="MaxCellLength"/>, so a closed oversized cell costs one row only.
    /// </summary>
    public const int MaxFieldLength = 16 * 1024 * 1024;

    /// <summary>A cell longer than this (Jira's own text fields stop at 32,767 characters by default) rejects its row.</summary>
    public const int MaxCellLength = 1024 * 1024;

    private readonly CsvTicketBuilder _tickets = new(dates);

    /// <summary>Reads <paramref name="stream"/>; <paramref name="shift"/> moves every parsed timestamp (used for the sample).</summary>
    public IEnumerable<JiraTicket> Read(Stream stream, ImportFileReport report, TimeSpan shift = default)
    {
        var fileName = report.FileName;
        if (stream.CanSeek && stream.Length - stream.Position > options.MaxFileSizeBytes)
        {
            throw OverSizeLimit(fileName, stream.Length - stream.Position, options.MaxFileSizeBytes);
        }

        var limited = stream as ByteCountingStream ?? new ByteCountingStream(stream, options.MaxFileSizeBytes, fileName);
        var sniffed = CsvFileSniffer.Sniff(limited, fileName);
        var delimiter = sniffed is PrefixedStream prefixed ? CsvDelimiterDetector.Detect(prefixed.Prefix) : CsvDelimiterDetector.Comma;
        report.Delimiter = delimiter;
        var notUtf8 = new Windows1252Fallback();
        using var reader = new StreamReader(sniffed, Windows1252Fallback.Utf8With(notUtf8), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        ImportIssue? firstNotUtf8 = null;
        string? badDataAt = null;
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter,
            DetectDelimiter = false,
            IgnoreBlankLines = true,
            MaxFieldSize = MaxFieldLength,
            BadDataFound = args => badDataAt ??= args.Field,
            TrimOptions = TrimOptions.None,
        };
        using var parser = new CsvParser(reader, configuration);
        var lastLine = 0;

        CsvColumnPlan plan;
        try
        {
            if (!parser.Read())
            {
                throw new CsvImportException(fileName, 0, "the file is empty.");
            }

            plan = CsvColumnPlan.FromHeader(parser.Record!, fileName);
            lastLine = parser.RawRow;
            foreach (var duplicate in plan.DuplicatedKnownHeaders())
            {
                report.Warn(duplicate);
            }
        }
        catch (CsvHelperException ex)
        {
            throw new CsvImportException(fileName, 1, $"the header cannot be read as CSV ({FirstLine(ex.Message)}).");
        }

        while (true)
        {
            string[] record;
            badDataAt = null;
            try
            {
                if (!parser.Read())
                {
                    break;
                }

                record = parser.Record!;
            }
            catch (MaxFieldSizeException)
            {
                var opened = lastLine + 1;
                throw new CsvImportException(fileName, opened,
                    $"a quoted field opened on this line is still open after {MaxFieldLength / (1024 * 1024)} M characters, so its closing quote is missing; "
                    + $"it swallowed {Math.Max(0, parser.RawRow - opened)} more line(s) and reading stopped. Rows from line {opened} on were not imported.");
            }
            catch (CsvHelperException ex)
            {
                throw new CsvImportException(fileName, lastLine + 1, $"the CSV cannot be read further ({FirstLine(ex.Message)}).");
            }

            var line = lastLine + 1;
            lastLine = parser.RawRow;
            if (badDataAt is not null && CsvQuoting.IsUnclosedQuotedField(badDataAt))
            {
                // An open quote runs to the end of the file: every row after it became part of one cell.
                var swallowed = Math.Max(0, CsvQuoting.LinesSpanned(badDataAt) - 1);
                throw new CsvImportException(fileName, line,
                    $"a quoted field opened on this line is never closed; it swallowed the {swallowed} line(s) after it up to the end of the file. "
                    + $"Rows from line {line} on were not imported: close the quote or export the file again.");
            }

            if (Array.TrueForAll(record, string.IsNullOrWhiteSpace))
            {
                // Excel keeps empty rows as ",,,," (or ";;;;"); they are nobody's ticket.
                report.BlankRowsSkipped++;
                continue;
            }

            report.RowsRead++;

            if (badDataAt is not null)
            {
                report.Reject(new ImportIssue(line, null, badDataAt, "broken quoting: a quote inside an unquoted field."));
                continue;
            }

            if (notUtf8.InvalidBytes > 0 && firstNotUtf8 is null)
            {
                firstNotUtf8 = notUtf8.FindIn(record, plan.Header, line);
            }

            if (OversizedCell(record) is { } oversized)
            {
                report.Reject(new ImportIssue(line, oversized < plan.ColumnCount ? plan.Header[oversized] : $"#{oversized + 1}", null,
                    string.Create(CultureInfo.InvariantCulture, $"the cell is {record[oversized].Length:N0} characters long, over the {MaxCellLength:N0}-character cell limit; the row is skipped.")));
                continue;
            }

            if (record.Length != plan.ColumnCount)
            {
                report.Reject(new ImportIssue(line, null, null,
                    $"the row has {record.Length} fields but the header has {plan.ColumnCount} (an unquoted comma or quote in a cell?)."));
                continue;
            }

            var ticket = _tickets.Build(record, plan, line, report, shift);
            if (ticket is not null)
            {
                yield return ticket;
            }
        }

        if (notUtf8.InvalidBytes > 0)
        {
            var first = firstNotUtf8 ?? new ImportIssue(0, null, null, "");
            report.Warn(first with
            {
                Message = string.Create(CultureInfo.InvariantCulture,
                    $"the file is not valid UTF-8 and has no byte-order mark, so it was read as Windows-1252 (Latin-1): {notUtf8.InvalidBytes:N0} byte(s) were decoded that way{(firstNotUtf8 is null ? "" : ", the first in this cell")}. Check accented names; export as UTF-8 to avoid this."),
            });
        }

        if (report.RowsRead == 0 && report.RejectedCount == 0)
        {
            throw new CsvImportException(fileName, 1, "the file has a header but no data rows.");
        }
    }

    private static int? OversizedCell(string[] record)
    {
        for (var i = 0; i < record.Length; i++)
        {
            if (record[i].Length > MaxCellLength)
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>The refusal of a file whose known size is over the limit, raised before a byte of it is read.</summary>
    public static CsvImportException OverSizeLimit(string fileName, long size, long limit) =>
        new(fileName, 0, $"the file is {SizeText(size)}, over the {SizeText(limit)} limit (Ingestion:MaxFileSizeBytes); nothing was read from it.");

    internal static string SizeText(long bytes) => bytes switch
    {
        >= 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
        >= 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} kB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
