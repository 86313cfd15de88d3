using System.Globalization;
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

    // Nodes whose content is inline (text and inline nodes); everything they hold stays on their line.
    private static readonly HashSet<string> InlineContainers = ["paragraph", "heading", "caption", "taskItem", "decisionItem", "codeBlock"];

    private static readonly HashSet<string> InlineNodes =
    [
        "text", "hardBreak", "mention", "emoji", "date", "status", "inlineCard", "mediaInline", "placeholder", "inlineExtension",
    ];

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
                var renderer = new Renderer(keepMentionAccounts);
                renderer.Block(body);
                return Tidy(renderer.Writer.ToString());
            default:
                return "";
        }
    }

    private sealed class Renderer(bool keepMentionAccounts)
    {
        public LineWriter Writer { get; } = new();

        private string? _openLink;
        private string _linkTrailingSpace = "";

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
                    Writer.Push(QuoteMarker, QuoteMarker);
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
                    "taskList" => string.Equals(Attribute(item, "state"), "DONE", StringComparison.OrdinalIgnoreCase) ? DoneTaskMarker : OpenTaskMarker,
                    "decisionList" => DecisionMarker,
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
                var inner = new Renderer(keepMentionAccounts);
                inner.Block(cell);
                inner.CloseLink();
                var lines = inner.Writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                cells.Add(string.Join(' ', lines));
            }

            Write(string.Join(" | ", cells));
            EndLine();
        }

        private void Text(JsonElement node)
        {
            var text = JiraJson.String(node, "text") ?? "";
            var href = LinkOf(node);
            if (href != _openLink)
            {
                CloseLink();
            }

            if (href is not null && !LooksLikeAddress(text, href))
            {
                // The marker goes right after the linked words, before the space that follows them.
                Write(_linkTrailingSpace);
                var words = text.TrimEnd();
                Write(words);
                _linkTrailingSpace = text[words.Length..];
                _openLink = href;
            }
            else
            {
                Write(text);
            }
        }

        /// <summary>Ends a run of linked text with one <c>[link]</c>; the address itself never reaches the text.</summary>
        private void CloseLink()
        {
            if (_openLink is null)
            {
                return;
            }

            _openLink = null;
            Write(" (" + LinkPlaceholder + ")" + _linkTrailingSpace);
            _linkTrailingSpace = "";
        }

        private void Mention(JsonElement node)
        {
            var name = Attribute(node, "text") is { Length: > 0 } text ? text.TrimStart('@') : "";
            if (keepMentionAccounts && Attribute(node, "id") is { Length: > 0 } accountId)
            {
                Write(MentionRedactor.SourceMention(accountId, name));
                return;
            }

            Write(name.Length > 0 ? "@" + name : "@user");
        }

        private void Card(JsonElement node)
        {
            var name = Object(node, "attrs") is { } attrs && Object(attrs, "data") is { } data ? JiraJson.String(data, "name") : null;
            Write(string.IsNullOrWhiteSpace(name) ? LinkPlaceholder : $"{name} {LinkPlaceholder}");
        }

        private void Media(JsonElement node)
        {
            var alt = Attribute(node, "alt");
            if (string.IsNullOrWhiteSpace(alt))
            {
                Write(MediaPlaceholder);
            }
            else if (CommentTextCleaner.Clean(alt) != alt.Trim())
            {
                // A file name or an address as alt text: the cleaner gives it its own placeholder, so it is not nested in ours.
                Write(alt.Trim());
            }
            else
            {
                Write($"[attachment: {alt.Trim()}]");
            }
        }

        /// <summary>
        /// A node this renderer does not know (or Jira's wrapper around content it could not show, whose original is in
        /// <c>attrs.originalValue</c>): its <c>attrs.text</c> and its children's text, on a line of its own where blocks stand.
        /// </summary>
        private void Unknown(JsonElement node, bool standsAsBlock)
        {
            if (Object(node, "attrs") is { } attrs && Object(attrs, "originalValue") is { } original && TypeOf(original) is not null)
            {
                if (standsAsBlock)
                {
                    Block(original);
                }
                else
                {
                    Inline(original);
                }

                return;
            }

            if (standsAsBlock)
            {
                EndLine();
            }

            var text = Attribute(node, "text");
            if (!string.IsNullOrEmpty(text))
            {
                Write(text);
            }

            var children = Children(node).ToList();
            if (text is { Length: > 0 } && children.Count > 0)
            {
                Write(" ");
            }

            var childrenAreInline = !standsAsBlock || children.Any(c => TypeOf(c) is { } t && (InlineNodes.Contains(t)));
            foreach (var child in children)
            {
                if (childrenAreInline)
                {
                    Inline(child);
                }
                else
                {
                    Block(child);
                }
            }

            CloseLink();
            if (standsAsBlock)
            {
                EndLine();
            }
        }

        private void Write(string text) => Writer.Write(text);

        private void EndLine()
        {
            CloseLink();
            Writer.EndLine();
        }

        private static bool IsKnownBlock(string type) => type is "doc" or "panel" or "layoutSection" or "layoutColumn" or "bodiedExtension"
            or "multiBodiedExtension" or "extensionFrame" or "blockquote" or "bulletList" or "orderedList" or "taskList" or "decisionList"
            or "table" or "tableRow" or "tableCell" or "tableHeader" or "expand" or "nestedExpand" or "rule" or "mediaSingle" or "mediaGroup"
            or "blockCard" or "embedCard" or "listItem";
    }

    /// <summary>
    /// Writes lines with the prefixes of the blocks they are in: a list item's marker on its first line and its
    /// indentation on the following ones, a quote's <c>&gt; </c> on every line. Prefixes are written only when the line
    /// gets text, so empty lines stay empty.
    /// </summary>
    private sealed class LineWriter
    {
        private readonly StringBuilder _output = new();
        private readonly List<(string Continuation, string? First)> _levels = [];
        private bool _atLineStart = true;

        public void Push(string continuation, string? firstLine) => _levels.Add((continuation, firstLine));

        public void Pop() => _levels.RemoveAt(_levels.Count - 1);

        public void Write(string text)
        {
            var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0)
                {
                    NewLine();
                }

                if (lines[i].Length == 0)
                {
                    continue;
                }

                if (_atLineStart)
                {
                    WritePrefix();
                }

                _output.Append(lines[i]);
            }
        }

        public void NewLine()
        {
            _output.Append('\n');
            _atLineStart = true;
        }

        public void EndLine()
        {
            if (!_atLineStart)
            {
                NewLine();
            }
        }

        public override string ToString() => _output.ToString();

        private void WritePrefix()
        {
            for (var i = 0; i < _levels.Count; i++)
            {
                var (continuation, first) = _levels[i];
                if (first is not null)
                {
                    _output.Append(first);
                    _levels[i] = (continuation, null);
                }
                else
                {
                    _output.Append(continuation);
                }
            }

            _atLineStart = false;
        }
    }

    private static bool LooksLikeAddress(string text, string href)
    {
        var trimmed = text.Trim();
        return string.Equals(trimmed, href, StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)
            || trimmed.Length == 0;
    }

    private static string? LinkOf(JsonElement textNode)
    {
        if (!textNode.TryGetProperty("marks", out var marks) || marks.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var mark in marks.EnumerateArray())
        {
            if (TypeOf(mark) == "link")
            {
                return Attribute(mark, "href") ?? "";
            }
        }

        return null;
    }

    private static string? TypeOf(JsonElement node) => JiraJson.String(node, "type");

    private static IEnumerable<JsonElement> Children(JsonElement node) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array
            ? content.EnumerateArray()
            : [];

    private static JsonElement? Object(JsonElement node, string name) => JiraJson.Object(node, name);

    private static string? Attribute(JsonElement node, string name)
    {
        if (JiraJson.Object(node, "attrs") is not { } attrs || !attrs.TryGetProperty(name, out var value))
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
