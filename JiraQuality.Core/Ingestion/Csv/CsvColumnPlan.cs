using System.Text;
using System.Text.RegularExpressions;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Import;

namespace JiraQuality.Core.Ingestion.Csv;

/// <summary>Where each field lives in this file's header.</summary>
internal sealed partial class CsvColumnPlan
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

    public static CsvColumnPlan FromHeader(string[] rawHeader, string fileName)
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

        return new CsvColumnPlan
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
