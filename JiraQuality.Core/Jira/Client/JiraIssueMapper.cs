using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using JiraQuality.Core.Conversations;

namespace JiraQuality.Core.Jira.Client;

/// <summary>Small readers for Jira's JSON.</summary>
internal static partial class JiraJson
{
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static JsonElement? Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    /// <summary>Jira writes offsets without a colon (2026-11-20T10:15:30.123+0100).</summary>
    public static DateTime? Timestamp(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var normalised = OffsetWithoutColon().Replace(text.Trim(), "$1:$2");
        return DateTimeOffset.TryParse(normalised, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value.UtcDateTime
            : null;
    }

    [GeneratedRegex(@"([+-]\d{2})(\d{2})$")]
    private static partial Regex OffsetWithoutColon();
}

/// <summary>Turns a Jira issue, its comments and optional JSM data into the <see cref="JiraTicket"/> every source yields.</summary>
public static class JiraIssueMapper
{
    public static JiraTicket ToTicket(JsonElement issue, IReadOnlyList<JsonElement> comments, JiraFieldMap fieldMap, string source, JiraServiceDeskData? serviceDesk = null)
    {
        var key = JiraJson.String(issue, "key") ?? throw new InvalidDataException("A Jira issue in the response has no key.");
        var fields = JiraJson.Object(issue, "fields") ?? default;
        var reporter = fields.ValueKind == JsonValueKind.Object ? JiraJson.Object(fields, "reporter") : null;
        var assignee = fields.ValueKind == JsonValueKind.Object ? JiraJson.Object(fields, "assignee") : null;
        var customFields = new Dictionary<string, string>();
        var participants = new List<string>();
        foreach (var (name, ids) in fieldMap.IdsByKey)
        {
            if (name == RequestParticipantsKey)
            {
                participants.AddRange(ids.SelectMany(id => Users(fields, id)));
                continue;
            }

            var value = ids.Select(id => fields.ValueKind == JsonValueKind.Object && fields.TryGetProperty(id, out var v) ? FieldValue(v) : "")
                .FirstOrDefault(v => v.Length > 0);
            if (!string.IsNullOrEmpty(value))
            {
                customFields[name] = value;
            }
        }

        serviceDesk?.AddTo(customFields);

        return new JiraTicket
        {
            IssueKey = key,
            Summary = Text(fields, "summary"),
            Description = Description(fields),
            Reporter = reporter is { } r ? JiraJson.String(r, "displayName") ?? JiraJson.String(r, "emailAddress") ?? "" : "",
            ReporterAccountId = reporter is { } ra ? JiraJson.String(ra, "accountId") : null,
            Assignee = assignee is { } an ? JiraJson.String(an, "displayName") : null,
            AssigneeAccountId = assignee is { } aa ? JiraJson.String(aa, "accountId") : null,
            RequestParticipants = participants,
            Status = NamedValue(fields, "status"),
            Resolution = NamedValue(fields, "resolution"),
            CreatedUtc = JiraJson.Timestamp(Text(fields, "created")),
            UpdatedUtc = JiraJson.Timestamp(Text(fields, "updated")),
            DueDate = Text(fields, "duedate") is { Length: > 0 } due ? due : null,
            CustomFields = customFields,
            Comments = comments.Select(ToComment).ToList(),
            Source = source,
        };
    }

    /// <summary>The key of the request participants field in <see cref="JiraOptions.CustomFieldAliases"/>; read as people, not as a custom field.</summary>
    public const string RequestParticipantsKey = "request_participants";

    /// <summary>Account ids of a user-list field (request participants).</summary>
    private static IEnumerable<string> Users(JsonElement fields, string id)
    {
        if (fields.ValueKind != JsonValueKind.Object || !fields.TryGetProperty(id, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var user in value.EnumerateArray())
        {
            if (user.ValueKind == JsonValueKind.Object && (JiraJson.String(user, "accountId") ?? JiraJson.String(user, "name")) is { Length: > 0 } accountId)
            {
                yield return accountId;
            }
        }
    }

    public static RawComment ToComment(JsonElement comment, int order)
    {
        var author = JiraJson.Object(comment, "author");
        bool? isPublic = comment.TryGetProperty("jsdPublic", out var jsdPublic) && jsdPublic.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? jsdPublic.GetBoolean()
            : null;
        return new RawComment
        {
            AuthorId = author is { } a ? JiraJson.String(a, "accountId") : null,
            AuthorName = author is { } n ? JiraJson.String(n, "displayName") : null,
            AuthorAccountType = author is { } t ? JiraJson.String(t, "accountType") : null,
            IsPublic = isPublic,
            TimestampUtc = JiraJson.Timestamp(JiraJson.String(comment, "created")),
            Body = comment.TryGetProperty("body", out var body) ? AdfText.ToSourceText(body) : "",
            SourceOrder = order,
        };
    }

    /// <summary>A field value as text: strings trimmed, lists joined, options by their value or name.</summary>
    public static string FieldValue(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString()!.Trim();
            case JsonValueKind.Number:
                return value.GetRawText();
            case JsonValueKind.True:
            case JsonValueKind.False:
                return value.GetRawText();
            case JsonValueKind.Array:
                return string.Join(", ", value.EnumerateArray().Select(FieldValue).Where(v => v.Length > 0));
            case JsonValueKind.Object:
                if (value.TryGetProperty("type", out var type) && type.GetString() == "doc")
                {
                    return AdfText.ToText(value);
                }

                foreach (var name in new[] { "value", "name", "displayName", "text" })
                {
                    if (value.TryGetProperty(name, out var inner) && FieldValue(inner) is { Length: > 0 } text)
                    {
                        // Cascading selects carry the second level as "child".
                        return value.TryGetProperty("child", out var child) && FieldValue(child) is { Length: > 0 } childText
                            ? $"{text} / {childText}"
                            : text;
                    }
                }

                return value.GetRawText();
            default:
                return "";
        }
    }

    /// <summary>
    /// The issue body (the customer's opening request): ADF rendered as <see cref="RawComment.Body"/> is, so it is
    /// cleaned and redacted by the same rules; a plain string (API v2, wiki markup) as it is; null when there is none.
    /// </summary>
    private static string? Description(JsonElement fields)
    {
        if (fields.ValueKind != JsonValueKind.Object || !fields.TryGetProperty("description", out var description))
        {
            return null;
        }

        var text = description.ValueKind is JsonValueKind.Object or JsonValueKind.String ? AdfText.ToSourceText(description) : "";
        return text.Length == 0 ? null : text;
    }

    private static string Text(JsonElement fields, string name) =>
        fields.ValueKind == JsonValueKind.Object && fields.TryGetProperty(name, out var value) ? FieldValue(value) : "";

    private static string NamedValue(JsonElement fields, string name) =>
        fields.ValueKind == JsonValueKind.Object && JiraJson.Object(fields, name) is { } obj ? JiraJson.String(obj, "name") ?? "" : "";
}
