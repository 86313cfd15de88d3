using System.Globalization;
using System.Text;
using System.Text.Json;

namespace JiraQuality.Core.Jira;

/// <summary>
/// Turns an Atlassian Document Format body into plain text: paragraphs and hard breaks become line breaks,
/// lists keep their bullets and numbers, mentions become @name, emoji their character, links keep their
/// address, and media or cards become placeholders so a reader knows something was there.
/// </summary>
public static class AdfText
{
    public const string MediaPlaceholder = "[attachment]";

    public static string ToText(JsonElement body)
    {
        switch (body.ValueKind)
        {
            case JsonValueKind.String:
                return body.GetString()?.Trim() ?? "";
            case JsonValueKind.Object:
                var builder = new StringBuilder();
                Render(body, builder, indent: "");
                return Tidy(builder.ToString());
            default:
                return "";
        }
    }

    public static string ToText(string adfJson)
    {
        using var document = JsonDocument.Parse(adfJson);
        return ToText(document.RootElement);
    }

    private static void Render(JsonElement node, StringBuilder output, string indent)
    {
        var type = node.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String
            ? typeElement.GetString()
            : null;
        switch (type)
        {
            case "text":
                RenderText(node, output);
                break;
            case "hardBreak":
                output.Append('\n').Append(indent);
                break;
            case "paragraph":
            case "heading":
                RenderChildren(node, output, indent);
                EndBlock(output);
                break;
            case "codeBlock":
                RenderChildren(node, output, indent);
                EndBlock(output);
                break;
            case "blockquote":
                RenderChildren(node, output, indent + "> ");
                break;
            case "bulletList":
                RenderList(node, output, indent, ordered: false);
                break;
            case "orderedList":
                RenderList(node, output, indent, ordered: true);
                break;
            case "mention":
                var mention = Attribute(node, "text");
                output.Append(string.IsNullOrEmpty(mention) ? "@user" : mention.StartsWith('@') ? mention : "@" + mention);
                break;
            case "emoji":
                output.Append(Attribute(node, "text") is { Length: > 0 } emoji ? emoji : Attribute(node, "shortName") ?? "");
                break;
            case "inlineCard":
            case "blockCard":
            case "embedCard":
                output.Append(Attribute(node, "url") is { Length: > 0 } url ? $"[link: {url}]" : "[link]");
                if (type != "inlineCard")
                {
                    EndBlock(output);
                }

                break;
            case "media":
            case "mediaInline":
                output.Append(Attribute(node, "alt") is { Length: > 0 } alt ? $"[attachment: {alt}]" : MediaPlaceholder);
                break;
            case "mediaSingle":
            case "mediaGroup":
                RenderChildren(node, output, indent);
                EndBlock(output);
                break;
            case "date":
                var timestamp = Attribute(node, "timestamp");
                output.Append(long.TryParse(timestamp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                    ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : timestamp ?? "");
                break;
            case "status":
                output.Append('[').Append(Attribute(node, "text") ?? "").Append(']');
                break;
            case "rule":
                EndBlock(output);
                output.Append(indent).Append("---\n");
                break;
            case "table":
                RenderChildren(node, output, indent);
                EndBlock(output);
                break;
            case "tableRow":
                RenderTableRow(node, output, indent);
                break;
            default:
                // doc, panel, expand, layout columns and nodes we do not know: their children carry the text.
                RenderChildren(node, output, indent);
                break;
        }
    }

    private static void RenderText(JsonElement node, StringBuilder output)
    {
        var text = node.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() ?? "" : "";
        output.Append(text);
        if (!node.TryGetProperty("marks", out var marks) || marks.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var mark in marks.EnumerateArray())
        {
            if (mark.TryGetProperty("type", out var markType) && markType.GetString() == "link"
                && mark.TryGetProperty("attrs", out var attrs) && attrs.TryGetProperty("href", out var href)
                && href.GetString() is { Length: > 0 } address && !string.Equals(address, text, StringComparison.Ordinal))
            {
                output.Append(" (").Append(address).Append(')');
            }
        }
    }

    private static void RenderList(JsonElement node, StringBuilder output, string indent, bool ordered)
    {
        EndBlock(output);
        var number = 1;
        if (ordered && Attribute(node, "order") is { } start && int.TryParse(start, CultureInfo.InvariantCulture, out var first))
        {
            number = first;
        }

        foreach (var item in Children(node))
        {
            var marker = ordered ? $"{number++}. " : "- ";
            output.Append(indent).Append(marker);
            var itemIndent = indent + new string(' ', marker.Length);
            var firstChild = true;
            foreach (var child in Children(item))
            {
                if (!firstChild)
                {
                    EndBlock(output);
                    var childType = child.TryGetProperty("type", out var ct) ? ct.GetString() : null;
                    if (childType is not ("bulletList" or "orderedList"))
                    {
                        output.Append(itemIndent);
                    }
                }

                Render(child, output, itemIndent);
                firstChild = false;
            }

            EndBlock(output);
        }
    }

    private static void RenderTableRow(JsonElement row, StringBuilder output, string indent)
    {
        output.Append(indent);
        var cells = new List<string>();
        foreach (var cell in Children(row))
        {
            var cellText = new StringBuilder();
            RenderChildren(cell, cellText, "");
            cells.Add(cellText.ToString().Trim().Replace('\n', ' '));
        }

        output.Append(string.Join(" | ", cells)).Append('\n');
    }

    private static void RenderChildren(JsonElement node, StringBuilder output, string indent)
    {
        foreach (var child in Children(node))
        {
            Render(child, output, indent);
        }
    }

    private static IEnumerable<JsonElement> Children(JsonElement node) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array
            ? content.EnumerateArray()
            : [];

    private static string? Attribute(JsonElement node, string name)
    {
        if (!node.TryGetProperty("attrs", out var attrs) || attrs.ValueKind != JsonValueKind.Object || !attrs.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    private static void EndBlock(StringBuilder output)
    {
        if (output.Length > 0 && output[^1] != '\n')
        {
            output.Append('\n');
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

        return builder.ToString().Trim('\n', ' ');
    }
}
