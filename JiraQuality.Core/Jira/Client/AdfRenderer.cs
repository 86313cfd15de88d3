using System.Globalization;
using System.Text.Json;
using static JiraQuality.Core.Jira.Client.AdfNode;

namespace JiraQuality.Core.Jira.Client;

/// <summary>
/// Walks an ADF tree and writes the text of its blocks, one per line, and of the inline nodes within them;
/// the inline nodes themselves (text and links, mentions, cards, media, unknown nodes) are written by the other part.
/// </summary>
internal sealed partial class AdfRenderer(bool keepMentionAccounts)
{
    public AdfLineWriter Writer { get; } = new();

    /// <summary>A node standing where blocks stand: it starts and ends its own line(s).</summary>
    public void Block(JsonElement node)
    {
        var type = TypeOf(node);
        switch (type)
        {
            case "doc":
            case "panel":
            case "layoutSection":
            case "layoutColumn":
            case "bodiedExtension":
            case "multiBodiedExtension":
            case "extensionFrame":
            case "tableCell":
            case "tableHeader":
            case "listItem":
                Blocks(node);
                break;
            case "paragraph":
            case "heading":
            case "caption":
                Line(node);
                break;
            case "codeBlock":
                Line(node);
                break;
            case "blockquote":
                EndLine();
                Writer.Push(AdfText.QuoteMarker, AdfText.QuoteMarker);
                Blocks(node);
                EndLine();
                Writer.Pop();
                break;
            case "bulletList":
            case "orderedList":
            case "taskList":
            case "decisionList":
                List(node, type);
                break;
            case "table":
                EndLine();
                foreach (var row in Children(node))
                {
                    TableRow(row);
                }

                break;
            case "tableRow":
                TableRow(node);
                break;
            case "expand":
            case "nestedExpand":
                EndLine();
                Write(Attribute(node, "title") ?? "");
                EndLine();
                Blocks(node);
                break;
            case "rule":
                EndLine();
                Write("---");
                EndLine();
                break;
            case "mediaSingle":
            case "mediaGroup":
                foreach (var child in Children(node))
                {
                    EndLine();
                    Inline(child);
                }

                EndLine();
                break;
            case "media":
            case "blockCard":
            case "embedCard":
            case "extension":
                EndLine();
                Inline(node);
                EndLine();
                break;
            default:
                if (type is not null && InlineNodes.Contains(type))
                {
                    Inline(node);
                }
                else
                {
                    Unknown(node, standsAsBlock: true);
                }

                break;
        }
    }

    /// <summary>A node inside a line: text and inline nodes, written where the line is.</summary>
    public void Inline(JsonElement node)
    {
        var type = TypeOf(node);
        if (type != "text")
        {
            CloseLink();
        }

        switch (type)
        {
            case "text":
                Text(node);
                break;
            case "hardBreak":
                Writer.NewLine();
                break;
            case "mention":
                Mention(node);
                break;
            case "emoji":
                Write(Attribute(node, "text") is { Length: > 0 } emoji ? emoji : Attribute(node, "shortName") ?? "");
                break;
            case "date":
                var timestamp = Attribute(node, "timestamp");
                Write(long.TryParse(timestamp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                    ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                    : timestamp ?? "");
                break;
            case "status":
                Write("[" + (Attribute(node, "text") ?? "") + "]");
                break;
            case "inlineCard":
            case "blockCard":
            case "embedCard":
                Card(node);
                break;
            case "media":
            case "mediaInline":
                Media(node);
                break;
            case "placeholder":
            case "extension":
            case "inlineExtension":
                Write(Attribute(node, "text") ?? "");
                Children(node).ToList().ForEach(Inline);
                break;
            default:
                if (type is not null && !InlineNodes.Contains(type) && !InlineContainers.Contains(type) && IsKnownBlock(type))
                {
                    // A block where inline content is expected (a list inside a table cell's paragraph, say).
                    Block(node);
                }
                else if (type is not null && InlineContainers.Contains(type))
                {
                    Line(node);
                }
                else
                {
                    Unknown(node, standsAsBlock: false);
                }

                break;
        }
    }

    private void Blocks(JsonElement node)
    {
        foreach (var child in Children(node))
        {
            Block(child);
        }

        CloseLink();
    }

    private void Line(JsonElement node)
    {
        EndLine();
        foreach (var child in Children(node))
        {
            Inline(child);
        }

        EndLine();
    }

    private void List(JsonElement list, string type)
    {
        EndLine();
        var number = 1;
        if (type == "orderedList" && Attribute(list, "order") is { } start && int.TryParse(start, CultureInfo.InvariantCulture, out var first))
        {
            number = first;
        }

        foreach (var item in Children(list))
        {
            var itemType = TypeOf(item);
            if (itemType is "bulletList" or "orderedList" or "taskList" or "decisionList")
            {
                // Task lists nest by holding the nested list beside the items.
                Writer.Push("    ", null);
                Block(item);
                Writer.Pop();
                continue;
            }

            var marker = type switch
            {
                "orderedList" => number++.ToString(CultureInfo.InvariantCulture) + ". ",
                "taskList" => string.Equals(Attribute(item, "state"), "DONE", StringComparison.OrdinalIgnoreCase) ? AdfText.DoneTaskMarker : AdfText.OpenTaskMarker,
                "decisionList" => AdfText.DecisionMarker,
                _ => "- ",
            };
            Writer.Push(new string(' ', marker.Length), marker);
            if (itemType is "taskItem" or "decisionItem")
            {
                Line(item);
            }
            else
            {
                Blocks(item);
            }

            EndLine();
            Writer.Pop();
        }
    }

    private void TableRow(JsonElement row)
    {
        EndLine();
        var cells = new List<string>();
        foreach (var cell in Children(row))
        {
            var inner = new AdfRenderer(keepMentionAccounts);
            inner.Block(cell);
            inner.CloseLink();
            var lines = inner.Writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            cells.Add(string.Join(' ', lines));
        }

        Write(string.Join(" | ", cells));
        EndLine();
    }

    private void Write(string text) => Writer.Write(text);

    private void EndLine()
    {
        CloseLink();
        Writer.EndLine();
    }
}
