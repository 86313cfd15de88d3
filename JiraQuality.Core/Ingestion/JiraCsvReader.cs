using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using CsvHelper.Configuration;
using JiraQuality.Core.Domain;

namespace JiraQuality.Core.Ingestion;

/// <summary>
/// Streams a Jira CSV export ("all fields" or "current fields", Cloud or Data Center) into tickets, one
/// row at a time, so memory does not grow with the file. Columns are matched by position because Jira
/// repeats headers (<c>Comment</c> 100+ times, <c>Custom field (Contact Reason)</c> twice). Bad rows are
/// reported with their line and skipped; a file that cannot be read at all raises <see cref="CsvImportException"/>.
/// </summary>
public sealed partial class JiraCsvReader(IngestionOptions options, JiraDateParser dates)
{
    /// <summary>A field longer than this means a quote was never closed; reading stops there instead of swallowing the file.</summary>
    public const int MaxFieldLength = 4 * 1024 * 1024;

    private static readonly HashSet<string> NullWords = new(StringComparer.OrdinalIgnoreCase) { "nan", "none", "null" };

    /// <summary>Reads <paramref name="stream"/>; <paramref name="shift"/> moves every parsed timestamp (used for the sample).</summary>
    public IEnumerable<JiraTicket> Read(Stream stream, ImportFileReport report, TimeSpan shift = default)
    {
        var fileName = report.FileName;
        if (stream.CanSeek && stream.Length - stream.Position > options.MaxFileSizeBytes)
        {
            throw new CsvImportException(fileName, 0, $"the file is {stream.Length / (1024.0 * 1024):0.#} MB, over the {options.MaxFileSizeBytes / (1024.0 * 1024):0.#} MB limit (Ingestion:MaxFileSizeBytes).");
        }

        var limited = stream as ByteCountingStream ?? new ByteCountingStream(stream, options.MaxFileSizeBytes, fileName);
        var sniffed = Sniff(limited, fileName);
        var delimiter = sniffed is PrefixedStream prefixed ? CsvDelimiterDetector.Detect(prefixed.Prefix) : CsvDelimiterDetector.Comma;
        report.Delimiter = delimiter;
        using var reader = new StreamReader(sniffed, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
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
                throw new CsvImportException(fileName, lastLine + 1, $"a quoted field is never closed (or is over {MaxFieldLength / (1024 * 1024)} MB); reading stopped here.");
            }
            catch (CsvHelperException ex)
            {
                throw new CsvImportException(fileName, lastLine + 1, $"the CSV cannot be read further ({FirstLine(ex.Message)}).");
            }

            var line = lastLine + 1;
            lastLine = parser.RawRow;
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

        if (report.RowsRead == 0 && report.RejectedCount == 0 && report.BlankRowsSkipped == 0)
        {
            report.Warn(new ImportIssue(0, null, null, "the file has a header but no rows."));
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
