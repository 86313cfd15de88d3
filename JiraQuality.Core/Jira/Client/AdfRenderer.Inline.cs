using System.Text.Json;
using JiraQuality.Core.Ingestion.Normalising;
using JiraQuality.Core.Ingestion.Redaction;
using static JiraQuality.Core.Jira.Client.AdfNode;

namespace JiraQuality.Core.Jira.Client;

/// <summary>The inline nodes: text and its links, mentions, cards, media, and nodes the renderer does not know.</summary>
internal sealed partial class AdfRenderer
{
    private string? _openLink;
    private string _linkTrailingSpace = "";

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
        Write(" (" + AdfText.LinkPlaceholder + ")" + _linkTrailingSpace);
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
        Write(string.IsNullOrWhiteSpace(name) ? AdfText.LinkPlaceholder : $"{name} {AdfText.LinkPlaceholder}");
    }

    private void Media(JsonElement node)
    {
        var alt = Attribute(node, "alt");
        if (string.IsNullOrWhiteSpace(alt))
        {
            Write(AdfText.MediaPlaceholder);
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
}
