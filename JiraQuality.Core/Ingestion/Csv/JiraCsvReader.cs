using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
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
public sealed partial class JiraCsvReader(IngestionOptions options, JiraDateParser dates)
{
    /// <summary>
    /// A field still open at this many characters means a quote was never closed; reading stops there instead of
    /// swallowing the file (and memory). Far above <see cref="MaxCellLength"/>, so a closed oversized cell costs one row only.
    /// </summary>
    public const int MaxFieldLength = 16 * 1024 * 1024;

    /// <summary>A cell longer than this (Jira's own text fields stop at 32,767 characters by default) rejects its row.</summary>
    public const int MaxCellLength = 1024 * 1024;

    private static readonly HashSet<string> NullWords = new(StringComparer.OrdinalIgnoreCase) { "nan", "none", "null" };

    /// <summary>Reads <paramref name="stream"/>; <paramref name="shift"/> moves every parsed timestamp (used for the sample).</summary>
    public IEnumerable<JiraTicket> Read(Stream stream, ImportFileReport report, TimeSpan shift = default)
    {
        var fileName = report.FileName;
        if (stream.CanSeek && stream.Length - stream.Position > options.MaxFileSizeBytes)
        {
            throw OverSizeLimit(fileName, stream.Length - stream.Position, options.MaxFileSizeBytes);
        }

        var limited = stream as ByteCountingStream ?? new ByteCountingStream(stream, options.MaxFileSizeBytes, fileName);
        var sniffed = Sniff(limited, fileName);
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

        ColumnPlan plan;
        try
        {
            if (!parser.Read())
            {
                throw new CsvImportException(fileName, 0, "the file is empty.");
            }

            plan = ColumnPlan.FromHeader(parser.Record!, fileName);
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
            if (badDataAt is not null && IsUnclosedQuotedField(badDataAt))
            {
                // An open quote runs to the end of the file: every row after it became part of one cell.
                var swallowed = Math.Max(0, LinesSpanned(badDataAt) - 1);
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

            var ticket = BuildTicket(record, plan, line, report, shift);
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

    private JiraTicket? BuildTicket(string[] record, ColumnPlan plan, int line, ImportFileReport report, TimeSpan shift)
    {
        var key = Value(record, plan.IssueKey);
        if (key.Length == 0)
        {
            report.Reject(new ImportIssue(line, "Issue key", "", "the issue key is empty (a blank export row?)."));
            return null;
        }

        if (!IssueKeyPattern().IsMatch(key))
        {
            report.Reject(new ImportIssue(line, "Issue key", key, "this is not a Jira issue key (PROJECT-123)."));
            return null;
        }

        var customFields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (fieldKey, columns) in plan.CustomFields)
        {
            var value = "";
            foreach (var column in columns)
            {
                value = Value(record, column);
                if (value.Length > 0)
                {
                    break;
                }
            }

            customFields[fieldKey] = value;
        }

        var comments = new List<RawComment>(Math.Min(plan.Comments.Count, 32));
        for (var i = 0; i < plan.Comments.Count; i++)
        {
            var cell = Value(record, plan.Comments[i]);
            if (cell.Length == 0)
            {
                continue;
            }

            comments.Add(ParseComment(cell, comments.Count, line, plan.Header[plan.Comments[i]], i, report, shift));
        }

        return new JiraTicket
        {
            IssueKey = key,
            Summary = Value(record, plan.Summary),
            Description = NullIfEmpty(Value(record, plan.Description)),
            Reporter = Value(record, plan.Reporter),
            ReporterAccountId = NullIfEmpty(Value(record, plan.ReporterId)),
            Assignee = NullIfEmpty(Value(record, plan.Assignee)),
            AssigneeAccountId = NullIfEmpty(Value(record, plan.AssigneeId)),
            RequestParticipants = Participants(record, plan),
            Status = Value(record, plan.Status),
            Resolution = Value(record, plan.Resolution),
            CreatedUtc = ParseDate(record, plan, plan.Created, line, report, shift),
            UpdatedUtc = ParseDate(record, plan, plan.Updated, line, report, shift),
            DueDate = NullIfEmpty(Value(record, plan.DueDate)),
            CustomFields = customFields,
            Comments = comments,
            Source = report.FileName,
        };
    }

    private RawComment ParseComment(string cell, int order, int line, string header, int columnNumber, ImportFileReport report, TimeSpan shift)
    {
        // date;author;body — split on the first two semicolons only, the body may contain more.
        var first = cell.IndexOf(';');
        var second = first < 0 ? -1 : cell.IndexOf(';', first + 1);
        if (second < 0)
        {
            return new RawComment { Body = cell, SourceOrder = order };
        }

        var datePart = cell[..first].Trim();
        var author = cell[(first + 1)..second].Trim();
        var body = cell[(second + 1)..].Trim();
        DateTime? timestamp = null;
        if (dates.TryParseUtc(datePart, out var utc))
        {
            timestamp = utc + shift;
        }
        else
        {
            report.Warn(new ImportIssue(line, $"{header} #{columnNumber + 1}", datePart, "the comment date cannot be read; the comment is kept without a timestamp."));
        }

        return new RawComment
        {
            AuthorId = author.Length == 0 ? null : author,
            TimestampUtc = timestamp,
            Body = body,
            SourceOrder = order,
        };
    }

    private DateTime? ParseDate(string[] record, ColumnPlan plan, int column, int line, ImportFileReport report, TimeSpan shift)
    {
        var text = Value(record, column);
        if (text.Length == 0)
        {
            return null;
        }

        if (dates.TryParseUtc(text, out var utc))
        {
            return utc + shift;
        }

        report.Warn(new ImportIssue(line, plan.Header[column], text, "the date cannot be read; it is left empty."));
        return null;
    }

    private static string Value(string[] record, int column)
    {
        if (column < 0 || column >= record.Length)
        {
            return "";
        }

        var value = record[column].Trim();
        return NullWords.Contains(value) ? "" : value;
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

    /// <summary>
    /// True when a field CsvHelper flagged starts with a quote and holds an odd number of them: its quoting never ended,
    /// so the parser ran to the end of the file (a closed field followed by stray text, <c>"ab"cd</c>, has an even count).
    /// </summary>
    internal static bool IsUnclosedQuotedField(string rawField)
    {
        var field = rawField.AsSpan().TrimStart(' ');
        return field.StartsWith('"') && field.Count('"') % 2 == 1;
    }

    private static int LinesSpanned(string rawField)
    {
        var text = rawField.AsSpan().TrimEnd("\r\n");
        var lines = 1;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                lines++;
            }
        }

        return lines;
    }

    /// <summary>Jira writes a multi-user field as one column per person (account id or username).</summary>
    private static List<string> Participants(string[] record, ColumnPlan plan)
    {
        var participants = new List<string>();
        foreach (var column in plan.Participants)
        {
            foreach (var part in Value(record, column).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!NullWords.Contains(part))
                {
                    participants.Add(part);
                }
            }
        }

        return participants;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    /// <summary>Refuses binary files early: a CSV export is text, so NUL bytes or a ZIP/XLSX signature mean a wrong file.</summary>
    private static Stream Sniff(Stream stream, string fileName)
    {
        var buffer = new byte[8192];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        var head = buffer.AsSpan(0, read);
        var bom = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        if (head[bom..].Trim("\r\n\t "u8).IsEmpty)
        {
            throw new CsvImportException(fileName, 0, "the file is empty.");
        }

        if (head.StartsWith("PK"u8))
        {
            throw new CsvImportException(fileName, 0, "this is not a CSV file (it looks like a ZIP or Excel workbook; export CSV from Jira instead).");
        }

        // UTF-16 text has NUL bytes by nature; with its byte-order mark the reader decodes it.
        var utf16 = head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);
        if (!utf16 && head.IndexOf((byte)0) >= 0)
        {
            throw new CsvImportException(fileName, 0, "this is not a CSV file (it contains binary data).");
        }

        return new PrefixedStream(buffer, read, stream);
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*-\d+$")]
    private static partial Regex IssueKeyPattern();

    /// <summary>Where each field lives in this file's header.</summary>
    internal sealed partial class ColumnPlan
    {
        public required string[] Header { get; init; }
        public int ColumnCount => Header.Length;
        public int IssueKey { get; init; } = -1;
        public int Summary { get; init; } = -1;
        public int Description { get; init; } = -1;
        public int Reporter { get; init; } = -1;
        public int ReporterId { get; init; } = -1;
        public int Assignee { get; init; } = -1;
        public int AssigneeId { get; init; } = -1;
        public required List<int> Participants { get; init; }
        public int Status { get; init; } = -1;
        public int Resolution { get; init; } = -1;
        public int Created { get; init; } = -1;
        public int Updated { get; init; } = -1;
        public int DueDate { get; init; } = -1;
        public required List<int> Comments { get; init; }

        /// <summary>Custom field key → its columns in header order (first non-empty value wins).</summary>
        public required List<(string Key, List<int> Columns)> CustomFields { get; init; }

        public static ColumnPlan FromHeader(string[] rawHeader, string fileName)
        {
            var original = rawHeader.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
            var header = original.Select(Translate).ToArray();
            int Find(params string[] names) => Array.FindIndex(header, h => names.Any(n => string.Equals(StripSuffix(h), n, StringComparison.OrdinalIgnoreCase)));

            var issueKey = Find("Issue key", "Key", "issue_key");
            if (issueKey < 0)
            {
                var shown = string.Join(", ", original.Take(6).Select(h => $"'{h}'"));
                throw new CsvImportException(fileName, 1,
                    $"the header has no 'Issue key' column (found {shown}{(original.Length > 6 ? ", ..." : "")}); is this a Jira CSV export? "
                    + $"Headers are read in {JiraHeaderNames.Languages}: if Jira wrote them in another language, switch your Jira profile language to English (Profile > Personal settings > Language), export again and import that file.");
            }

            var comments = new List<int>();
            var participants = new List<int>();
            var custom = new List<(string Key, List<int> Columns)>();
            for (var i = 0; i < header.Length; i++)
            {
                var name = StripSuffix(header[i]);
                if (name.Equals("Comment", StringComparison.OrdinalIgnoreCase) || name.Equals("Comments", StringComparison.OrdinalIgnoreCase))
                {
                    comments.Add(i);
                    continue;
                }

                var fieldKey = CustomFieldKey(name);
                if (fieldKey == RequestParticipantsKey || name.Equals("Request participants", StringComparison.OrdinalIgnoreCase))
                {
                    participants.Add(i);
                    continue;
                }

                if (fieldKey is null)
                {
                    continue;
                }

                var existing = custom.FindIndex(c => c.Key == fieldKey);
                if (existing < 0)
                {
                    custom.Add((fieldKey, [i]));
                }
                else
                {
                    custom[existing].Columns.Add(i);
                }
            }

            if (comments.Count == 0)
            {
                throw new CsvImportException(fileName, 1,
                    "the header has no Comment column, so the file holds no conversations (a \"current fields\" export, or columns removed). "
                    + "In Jira, open the issue search with the same filter and choose Export > Export CSV (all fields), then import that file. "
                    + $"If Jira wrote the headers in a language other than {JiraHeaderNames.Languages}, switch your profile language to English before exporting. Nothing was stored from this file.");
            }

            return new ColumnPlan
            {
                Header = header,
                IssueKey = issueKey,
                Summary = Find("Summary"),
                Description = Find("Description"),
                Reporter = Find("Reporter"),
                ReporterId = Find("Reporter Id", "Reporter account id"),
                Assignee = Find("Assignee"),
                AssigneeId = Find("Assignee Id", "Assignee account id"),
                Participants = participants,
                Status = Find("Status"),
                Resolution = Find("Resolution"),
                Created = Find("Created"),
                Updated = Find("Updated"),
                DueDate = Find("Due date", "Due Date"),
                Comments = comments,
                CustomFields = custom,
            };
        }

        /// <summary>The fields read from one column each, with the header names that mean them.</summary>
        private static readonly (string Field, string[] Names)[] SingleColumnFields =
        [
            ("Issue key", ["Issue key", "Key", "issue_key"]),
            ("Summary", ["Summary"]),
            ("Reporter", ["Reporter"]),
            ("Reporter Id", ["Reporter Id", "Reporter account id"]),
            ("Status", ["Status"]),
            ("Resolution", ["Resolution"]),
            ("Created", ["Created"]),
            ("Updated", ["Updated"]),
            ("Due date", ["Due date"]),
        ];

        /// <summary>
        /// A field read from one column that the header names more than once: only the first column is read, and the
        /// user is told which columns collide, since the other may hold the values they meant.
        /// </summary>
        public IEnumerable<ImportIssue> DuplicatedKnownHeaders()
        {
            foreach (var (field, names) in SingleColumnFields)
            {
                var columns = new List<int>();
                for (var i = 0; i < Header.Length; i++)
                {
                    var name = StripSuffix(Header[i]);
                    if (names.Any(n => name.Equals(n, StringComparison.OrdinalIgnoreCase)))
                    {
                        columns.Add(i);
                    }
                }

                if (columns.Count > 1)
                {
                    var listed = string.Join(" and ", columns.Select(c => $"column {c + 1} '{Header[c]}'"));
                    yield return new ImportIssue(1, field, null,
                        $"the header has {field} more than once: {listed}; only column {columns[0] + 1} is read, the other(s) are ignored.");
                }
            }
        }

        private const string RequestParticipantsKey = "request_participants";

        /// <summary>
        /// <c>Custom field (Contact Reason)</c> and the older <c>Custom field: Contact reason</c> → contact_reason;
        /// <c>Satisfaction rating</c> → satisfaction_rating. Other columns are not custom fields.
        /// </summary>
        public static string? CustomFieldKey(string header)
        {
            var match = CustomFieldHeader().Match(header);
            if (match.Success)
            {
                return ToKey(match.Groups["name"].Value);
            }

            return header.Equals("Satisfaction rating", StringComparison.OrdinalIgnoreCase) ? CustomFieldKeys.SatisfactionRating : null;
        }

        public static string ToKey(string name)
        {
            var key = new StringBuilder(name.Length);
            foreach (var c in name.Trim())
            {
                if (char.IsLetterOrDigit(c))
                {
                    key.Append(char.ToLowerInvariant(c));
                }
                else if (key.Length > 0 && key[^1] != '_')
                {
                    key.Append('_');
                }
            }

            return key.ToString().TrimEnd('_');
        }

        // Files saved by pandas add ".1", ".2" to repeated headers.
        private static string StripSuffix(string header) => PandasSuffix().Replace(header, "");

        /// <summary>A localised header in English (<see cref="JiraHeaderNames"/>), keeping a pandas suffix.</summary>
        private static string Translate(string header)
        {
            var name = StripSuffix(header);
            var english = JiraHeaderNames.ToEnglish(name);
            return string.Equals(english, name, StringComparison.Ordinal) ? header : english + header[name.Length..];
        }

        [GeneratedRegex(@"^Custom field\s*(\((?<name>.+)\)|:\s*(?<name>.+))$", RegexOptions.IgnoreCase)]
        private static partial Regex CustomFieldHeader();

        [GeneratedRegex(@"\.\d+$")]
        private static partial Regex PandasSuffix();
    }
}
