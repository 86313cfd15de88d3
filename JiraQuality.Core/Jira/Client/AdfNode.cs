using System.Text.Json;

namespace JiraQuality.Core.Jira.Client;

/// <summary>What the renderer asks of an ADF node: its type and kind, its children, attributes and link.</summary>
internal static class AdfNode
{
    // Nodes whose content is inline (text and inline nodes); everything they hold stays on their line.
    public static readonly HashSet<string> InlineContainers = ["paragraph", "heading", "caption", "taskItem", "decisionItem", "codeBlock"];

    public static readonly HashSet<string> InlineNodes =
    [
        "text", "hardBreak", "mention", "emoji", "date", "status", "inlineCard", "mediaInline", "placeholder", "inlineExtension",
    ];

    public static bool IsKnownBlock(string type) => type is "doc" or "panel" or "layoutSection" or "layoutColumn" or "bodiedExtension"
        or "multiBodiedExtension" or "extensionFrame" or "blockquote" or "bulletList" or "orderedList" or "taskList" or "decisionList"
        or "table" or "tableRow" or "tableCell" or "tableHeader" or "expand" or "nestedExpand" or "rule" or "mediaSingle" or "mediaGroup"
        or "blockCard" or "embedCard" or "listItem";

    public static bool LooksLikeAddress(string text, string href)
    {
        var trimmed = text.Trim();
        return string.Equals(trimmed, href, StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)
            || trimmed.Length == 0;
    }

    public static string? LinkOf(JsonElement textNode)
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

    public static string? TypeOf(JsonElement node) => JiraJson.String(node, "type");

    public static IEnumerable<JsonElement> Children(JsonElement node) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array
            ? content.EnumerateArray()
            : [];

    public static JsonElement? Object(JsonElement node, string name) => JiraJson.Object(node, name);

    public static string? Attribute(JsonElement node, string name)
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
}
