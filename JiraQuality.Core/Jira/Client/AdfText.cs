using System.Text;
using System.Text.Json;
using JiraQuality.Core.Ingestion.Normalising;
using JiraQuality.Core.Ingestion.Redaction;

namespace JiraQuality.Core.Jira.Client;

/// <summary>
/// Turns an Atlassian Document Format body into the text a person sees when reading it in Jira, in reading order,
/// one block per line. Lists keep their markers (<c>- </c>, <c>1. </c>, <c>[x] </c>/<c>[ ] </c> for tasks,
/// <c>[decision] </c>) and nested content keeps its indentation; quotes are prefixed with <c>&gt; </c>; an expand
/// shows its title; links keep their text and are marked <c>[link]</c> once; media and cards become placeholders.
/// A node this renderer does not know keeps its children's text and its <c>attrs.text</c>, and ends its line when it
/// stands where blocks stand.
/// </summary>
public static class AdfText
{
    public const string MediaPlaceholder = CommentTextCleaner.AttachmentPlaceholder;
    public const string LinkPlaceholder = CommentTextCleaner.LinkPlaceholder;
    public const string DecisionMarker = "[decision] ";
    public const string DoneTaskMarker = "[x] ";
    public const string OpenTaskMarker = "[ ] ";
    public const string QuoteMarker = "> ";

    /// <summary>The body as a person reads it; mentions appear as <c>@Name</c>.</summary>
    public static string ToText(JsonElement body) => Render(body, keepMentionAccounts: false);

    public static string ToText(string adfJson)
    {
        using var document = JsonDocument.Parse(adfJson);
        return ToText(document.RootElement);
    }

    /// <summary>
    /// The body as the text a source hands to the normaliser (comment bodies, the issue description): as
    /// <see cref="ToText(JsonElement)"/>, but each mention keeps the account it points at
    /// (<see cref="MentionRedactor.SourceMention"/>), so redaction can tell the customer and agents from others.
    /// </summary>
    public static string ToSourceText(JsonElement body) => Render(body, keepMentionAccounts: true);

    private static string Render(JsonElement body, bool keepMentionAccounts)
    {
        switch (body.ValueKind)
        {
            case JsonValueKind.String:
                return body.GetString()?.Trim() ?? "";
            case JsonValueKind.Object:
                var renderer = new AdfRenderer(keepMentionAccounts);
                renderer.Block(body);
                return Tidy(renderer.Writer.ToString());
            default:
                return "";
        }
    }

    private static string Tidy(string text)
    {
        var lines = text.Replace("\r\n", "\n").Split('\n').Select(line => line.TrimEnd());
        var builder = new StringBuilder();
        var blankRun = 0;
        foreach (var line in lines)
        {
            if (line.Length == 0)
            {
                blankRun++;
                if (blankRun > 1)
                {
                    continue;
                }
            }
            else
            {
                blankRun = 0;
            }

            builder.Append(line).Append('\n');
        }

        return builder.ToString().TrimStart('\n').TrimEnd();
    }
}
