using System.Text.RegularExpressions;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Import;

namespace JiraQuality.Core.Ingestion.Csv;

/// <summary>
/// Turns one data row of a Jira CSV export into a ticket: the issue key checked, custom fields, comments split into
/// date, author and body, dates parsed; unreadable values are reported with their line and column.
/// </summary>
internal sealed partial class CsvTicketBuilder(JiraDateParser dates)
{
    private static readonly HashSet<string> NullWords = new(StringComparer.OrdinalIgnoreCase) { "nan", "none", "null" };

    /// <summary>The ticket of one data row, or null when the row is rejected (the reason goes to the report).</summary>
    public JiraTicket? Build(string[] record, CsvColumnPlan plan, int line, ImportFileReport report, TimeSpan shift)
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

    private DateTime? ParseDate(string[] record, CsvColumnPlan plan, int column, int line, ImportFileReport report, TimeSpan shift)
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
    private static List<string> Participants(string[] record, CsvColumnPlan plan)
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

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*-\d+$")]
    private static partial Regex IssueKeyPattern();
}
