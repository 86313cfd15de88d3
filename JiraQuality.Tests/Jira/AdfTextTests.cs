using System.Text.Json;
using System.Text.RegularExpressions;
using JiraQuality.Core.Ingestion.Normalising;
using JiraQuality.Core.Jira.Client;

namespace JiraQuality.Tests.Jira;

/// <summary>
/// ADF documents written after Atlassian's node and mark reference, each with the text a person reads in Jira. The
/// cases name the node or mark they cover; every node and mark of the schema has at least one.
/// </summary>
public sealed partial class AdfTextTests
{
    private static string P(string text) => $$"""{"type":"paragraph","content":[{"type":"text","text":"{{text}}"}]}""";

    private static string T(string text, string marks = "") =>
        marks.Length == 0 ? $$"""{"type":"text","text":"{{text}}"}""" : $$"""{"type":"text","text":"{{text}}","marks":[{{marks}}]}""";

    private static string Doc(params string[] blocks) => $$"""{"version":1,"type":"doc","content":[{{string.Join(",", blocks)}}]}""";

    private static string Item(params string[] blocks) => $$"""{"type":"listItem","content":[{{string.Join(",", blocks)}}]}""";

    private static string Media(string attrs = """{"id":"m1","type":"file","collection":"c"}""") => $$"""{"type":"media","attrs":{{attrs}}}""";

    public static TheoryData<string, string, string> Documents() => new()
    {
        { "paragraph", Doc(P("Hello world")), "Hello world" },
        { "heading", Doc("""{"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Title"}]}""", P("body")), "Title\nbody" },
        { "hardBreak", Doc("""{"type":"paragraph","content":[{"type":"text","text":"first"},{"type":"hardBreak"},{"type":"text","text":"second"}]}"""), "first\nsecond" },
        { "rule", Doc(P("above"), """{"type":"rule"}""", P("below")), "above\n---\nbelow" },
        {
            "marks strong em code strike underline textColor backgroundColor subsup",
            Doc($$"""
                {"type":"paragraph","content":[
                  {{T("bold", """{"type":"strong"}""")}},{{T(" ")}},{{T("italic", """{"type":"em"}""")}},{{T(" ")}},
                  {{T("code", """{"type":"code"}""")}},{{T(" ")}},{{T("struck", """{"type":"strike"}""")}},{{T(" ")}},
                  {{T("under", """{"type":"underline"}""")}},{{T(" ")}},{{T("red", """{"type":"textColor","attrs":{"color":"#ff0000"}}""")}},{{T(" ")}},
                  {{T("marked", """{"type":"backgroundColor","attrs":{"color":"#ffff00"}}""")}},{{T(" H")}},
                  {{T("2", """{"type":"subsup","attrs":{"type":"sub"}}""")}},{{T("O")}}]}
                """),
            "bold italic code struck under red marked H2O"
        },
        {
            "link mark: text kept, [link] once, punctuation kept",
            Doc($$"""{"type":"paragraph","content":[{{T("Foo", """{"type":"link","attrs":{"href":"https://example.com/foo"}}""")}},{{T(" and more.")}}]}"""),
            "Foo ([link]) and more."
        },
        {
            "link mark over two text nodes with a mark change inside",
            Doc($$"""
                {"type":"paragraph","content":[{{T("Read ")}},{{T("the ", """{"type":"link","attrs":{"href":"https://example.com/g"}}""")}},
                  {{T("guide", """{"type":"link","attrs":{"href":"https://example.com/g"}},{"type":"strong"}""")}},{{T(".")}}]}
                """),
            "Read the guide ([link])."
        },
        {
            "link mark on an address: the address stays for the cleaner",
            Doc($$"""{"type":"paragraph","content":[{{T("(")}},{{T("https://example.com/a", """{"type":"link","attrs":{"href":"https://example.com/a"}}""")}},{{T(").")}}]}"""),
            "(https://example.com/a)."
        },
        {
            "mention",
            Doc("""{"type":"paragraph","content":[{"type":"text","text":"Hi "},{"type":"mention","attrs":{"id":"712020:a1","text":"@Person A","accessLevel":""}},{"type":"text","text":", and "},{"type":"mention","attrs":{"id":"x"}}]}"""),
            "Hi @Person A, and @user"
        },
        {
            "emoji",
            Doc("""{"type":"paragraph","content":[{"type":"emoji","attrs":{"shortName":":smile:","text":"😄"}},{"type":"text","text":" "},{"type":"emoji","attrs":{"shortName":":custom-party:"}}]}"""),
            "😄 :custom-party:"
        },
        { "date", Doc("""{"type":"paragraph","content":[{"type":"text","text":"due "},{"type":"date","attrs":{"timestamp":"1795305600000"}}]}"""), "due 2026-11-22" },
        { "status", Doc("""{"type":"paragraph","content":[{"type":"status","attrs":{"text":"IN PROGRESS","color":"blue","localId":"s1"}}]}"""), "[IN PROGRESS]" },
        {
            "inlineCard",
            Doc("""{"type":"paragraph","content":[{"type":"text","text":"see "},{"type":"inlineCard","attrs":{"url":"https://example.atlassian.net/browse/CC-1"}},{"type":"text","text":" please"}]}"""),
            "see [link] please"
        },
        {
            "blockCard and embedCard",
            Doc(P("before"), """{"type":"blockCard","attrs":{"url":"https://example.com/doc"}}""",
                """{"type":"embedCard","attrs":{"url":"https://example.com/video","layout":"center"}}""",
                """{"type":"blockCard","attrs":{"data":{"@type":"Document","name":"Runbook"}}}"""),
            "before\n[link]\n[link]\nRunbook [link]"
        },
        {
            "mediaSingle with a caption",
            Doc($$"""{"type":"mediaSingle","attrs":{"layout":"center"},"content":[{{Media()}},{"type":"caption","content":[{"type":"text","text":"Hello World!"}]}]}"""),
            "[attachment]\nHello World!"
        },
        {
            "mediaGroup of two",
            Doc($$"""{"type":"mediaGroup","content":[{{Media()}},{{Media("""{"id":"m2","type":"file","collection":"c"}""")}}]}"""),
            "[attachment]\n[attachment]"
        },
        {
            "media alt text",
            Doc($$"""{"type":"mediaSingle","content":[{{Media("""{"id":"m3","type":"external","url":"https://example.com/x.png","alt":"Network diagram"}""")}}]}"""),
            "[attachment: Network diagram]"
        },
        {
            "mediaInline",
            Doc("""{"type":"paragraph","content":[{"type":"text","text":"log "},{"type":"mediaInline","attrs":{"id":"m4","collection":"c","type":"file"}},{"type":"text","text":" attached"}]}"""),
            "log [attachment] attached"
        },
        {
            "codeBlock keeps its lines",
            Doc("""{"type":"codeBlock","attrs":{"language":"bash"},"content":[{"type":"text","text":"sudo reboot\nuptime"}]}"""),
            "sudo reboot\nuptime"
        },
        {
            "codeBlock inside a list item keeps the indent on every line",
            Doc($$"""{"type":"bulletList","content":[{{Item(P("Run:"), """{"type":"codeBlock","content":[{"type":"text","text":"line one\nline two"}]}""")}}]}"""),
            "- Run:\n  line one\n  line two"
        },
        {
            "blockquote",
            Doc("""{"type":"blockquote","content":[{"type":"paragraph","content":[{"type":"text","text":"From: a customer"},{"type":"hardBreak"},{"type":"text","text":"It broke"}]},""" + P("Second paragraph") + "]}", P("My answer")),
            "> From: a customer\n> It broke\n> Second paragraph\nMy answer"
        },
        {
            "blockquote holding a list",
            Doc($$"""{"type":"blockquote","content":[{"type":"bulletList","content":[{{Item(P("quoted item"))}}]}]}"""),
            "> - quoted item"
        },
        {
            "panel",
            Doc("""{"type":"panel","attrs":{"panelType":"warning"},"content":[""" + P("Mind the gap") + "]}", P("after")),
            "Mind the gap\nafter"
        },
        {
            "bulletList and orderedList nested",
            Doc($$"""
                {"type":"bulletList","content":[{{Item(P("first"))}},{{Item(P("second"),
                  $$$"""{"type":"orderedList","attrs":{"order":3},"content":[{{{Item(P("third"))}}},{{{Item(P("fourth"))}}}]}""")}}]}
                """),
            "- first\n- second\n  3. third\n  4. fourth"
        },
        {
            "taskList with a done and an open item, and a nested task list",
            Doc("""
                {"type":"taskList","attrs":{"localId":"t"},"content":[
                  {"type":"taskItem","attrs":{"localId":"1","state":"DONE"},"content":[{"type":"text","text":"shipped"}]},
                  {"type":"taskItem","attrs":{"localId":"2","state":"TODO"},"content":[{"type":"text","text":"pending"}]},
                  {"type":"taskList","attrs":{"localId":"t2"},"content":[
                    {"type":"taskItem","attrs":{"localId":"3","state":"TODO"},"content":[{"type":"text","text":"sub task"}]}]}]}
                """),
            "[x] shipped\n[ ] pending\n    [ ] sub task"
        },
        {
            "taskList with a blockTaskItem holding paragraphs",
            Doc("""{"type":"taskList","attrs":{"localId":"t"},"content":[{"type":"blockTaskItem","attrs":{"localId":"1","state":"DONE"},"content":[""" + P("checked the dock") + "," + P("and the app") + "]}]}"),
            "[x] checked the dock\n    and the app"
        },
        {
            "decisionList with two items",
            Doc("""
                {"type":"decisionList","attrs":{"localId":"d"},"content":[
                  {"type":"decisionItem","attrs":{"localId":"1","state":"DECIDED"},"content":[{"type":"text","text":"Decision to track"}]},
                  {"type":"decisionItem","attrs":{"localId":"2","state":"DECIDED"},"content":[{"type":"text","text":"Testing Decision 2"}]}]}
                """),
            "[decision] Decision to track\n[decision] Testing Decision 2"
        },
        {
            "table with a header row",
            Doc("""
                {"type":"table","attrs":{"isNumberColumnEnabled":false,"layout":"default"},"content":[
                  {"type":"tableRow","content":[
                    {"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"Item"}]}]},
                    {"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"Price"}]}]}]},
                  {"type":"tableRow","content":[
                    {"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"Lock"}]},{"type":"paragraph","content":[{"type":"text","text":"spare"}]}]},
                    {"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"12 EUR"}]}]}]}]}
                """),
            "Item | Price\nLock spare | 12 EUR"
        },
        { "expand with a title and an empty body", Doc("""{"type":"expand","attrs":{"title":"Logs attached"},"content":[]}"""), "Logs attached" },
        {
            "expand and nestedExpand with bodies",
            Doc("""{"type":"expand","attrs":{"title":"Details"},"content":[""" + P("outer") + """,{"type":"nestedExpand","attrs":{"title":"More"},"content":[""" + P("inner") + "]}]}"),
            "Details\nouter\nMore\ninner"
        },
        {
            "layoutSection with two columns, in reading order",
            Doc("""{"type":"layoutSection","content":[{"type":"layoutColumn","attrs":{"width":50},"content":[""" + P("left") + """]},{"type":"layoutColumn","attrs":{"width":50},"content":[""" + P("right") + "]}]}"),
            "left\nright"
        },
        {
            "extension, bodiedExtension and inlineExtension",
            Doc("""{"type":"extension","attrs":{"extensionType":"com.example","extensionKey":"chart","text":"Sales chart"}}""",
                """{"type":"bodiedExtension","attrs":{"extensionType":"com.example","extensionKey":"box"},"content":[""" + P("boxed text") + "]}",
                """{"type":"paragraph","content":[{"type":"text","text":"inline "},{"type":"inlineExtension","attrs":{"extensionType":"com.example","extensionKey":"x","text":"macro text"}}]}"""),
            "Sales chart\nboxed text\ninline macro text"
        },
        { "placeholder", Doc("""{"type":"paragraph","content":[{"type":"placeholder","attrs":{"text":"Type your answer"}}]}"""), "Type your answer" },
        {
            "unknown block nodes (the schema's unsupported-content sample) each end their line",
            Doc("""{"type":"fancyCodeBlock","content":[{"type":"text","text":"Invalid code block"}]}""",
                """{"type":"paragraphWithBadAttrs","attrs":{"foo":"bar"},"content":[{"type":"text","text":"Invalid node attributes"}]}"""),
            "Invalid code block\nInvalid node attributes"
        },
        {
            "unknown inline node keeps attrs.text",
            Doc("""{"type":"paragraph","content":[{"type":"text","text":"Hi "},{"type":"teamMention","attrs":{"text":"@all"}},{"type":"text","text":", done"}]}"""),
            "Hi @all, done"
        },
        {
            "unknown block holding blocks and an attrs.text",
            Doc("""{"type":"syncBlock","attrs":{"text":"Synced"},"content":[""" + P("one") + "," + P("two") + "]}", P("after")),
            "Synced\none\ntwo\nafter"
        },
        {
            "Jira's unsupported wrapper shows its original node",
            Doc("""{"type":"unsupportedBlock","attrs":{"originalValue":{"type":"someFutureBlock","content":[{"type":"text","text":"kept words"}]}}}""", P("next")),
            "kept words\nnext"
        },
    };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Each_node_and_mark_renders_as_a_person_reads_it(string node, string adf, string expected)
    {
        Assert.False(string.IsNullOrEmpty(node));
        Assert.Equal(expected, AdfText.ToText(adf));
    }

    [Theory]
    [InlineData("link mark", "Foo ([link]) and more.")]
    [InlineData("inlineCard", "see [link] please")]
    [InlineData("address", "([link]).")]
    [InlineData("media alt file name", "[image file]")]
    public void Links_and_media_are_marked_once_after_the_comment_cleaner(string what, string expected)
    {
        var adf = what switch
        {
            "link mark" => Doc($$"""{"type":"paragraph","content":[{{T("Foo", """{"type":"link","attrs":{"href":"https://example.com/foo"}}""")}},{{T(" and more.")}}]}"""),
            "inlineCard" => Doc("""{"type":"paragraph","content":[{"type":"text","text":"see "},{"type":"inlineCard","attrs":{"url":"https://example.com/x"}},{"type":"text","text":" please"}]}"""),
            "address" => Doc($$"""{"type":"paragraph","content":[{{T("(")}},{{T("https://example.com/a", """{"type":"link","attrs":{"href":"https://example.com/a"}}""")}},{{T(").")}}]}"""),
            _ => Doc($$"""{"type":"mediaSingle","content":[{{Media("""{"id":"m","type":"file","collection":"c","alt":"screenshot-2026.png"}""")}}]}"""),
        };

        Assert.Equal(expected, CommentTextCleaner.Clean(AdfText.ToText(adf)));
    }

    [Fact]
    public void A_document_with_every_node_type_loses_no_word_of_its_text()
    {
        var everything = Doc(Documents().Select(row => row.Data.Item2).Select(InnerBlocks).ToArray());
        using var parsed = JsonDocument.Parse(everything);
        var nodeTypes = new HashSet<string>();
        var markTypes = new HashSet<string>();
        var sourceWords = new List<string>();
        Collect(parsed.RootElement, nodeTypes, markTypes, sourceWords);

        var rendered = AdfText.ToText(everything);

        string[] schemaNodes =
        [
            "doc", "paragraph", "heading", "hardBreak", "rule", "text", "mention", "emoji", "date", "status", "inlineCard", "blockCard",
            "embedCard", "media", "mediaSingle", "mediaGroup", "mediaInline", "caption", "codeBlock", "blockquote", "panel", "bulletList",
            "orderedList", "listItem", "taskList", "taskItem", "decisionList", "decisionItem", "table", "tableRow", "tableHeader", "tableCell",
            "expand", "nestedExpand", "layoutSection", "layoutColumn", "extension", "bodiedExtension", "inlineExtension", "placeholder",
        ];
        Assert.Empty(schemaNodes.Except(nodeTypes));
        Assert.Empty(new[] { "strong", "em", "code", "strike", "underline", "textColor", "backgroundColor", "subsup", "link" }.Except(markTypes));
        var renderedWords = Words(rendered).GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
        var missing = sourceWords.GroupBy(w => w)
            .Where(g => !renderedWords.TryGetValue(g.Key, out var count) || count < g.Count())
            .Select(g => g.Key)
            .ToList();
        Assert.True(sourceWords.Count > 60, $"only {sourceWords.Count} words in the test document");
        Assert.Empty(missing);
    }

    [Fact]
    public void A_plain_string_body_is_kept_as_it_is()
    {
        Assert.Equal("plain wiki body", AdfText.ToText("\"  plain wiki body \""));
    }

    private static string InnerBlocks(string document)
    {
        using var parsed = JsonDocument.Parse(document);
        return string.Join(",", parsed.RootElement.GetProperty("content").EnumerateArray().Select(block => block.GetRawText()));
    }

    private static void Collect(JsonElement node, HashSet<string> nodeTypes, HashSet<string> markTypes, List<string> words)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (node.TryGetProperty("type", out var type))
        {
            nodeTypes.Add(type.GetString()!);
        }

        if (node.TryGetProperty("marks", out var marks))
        {
            foreach (var mark in marks.EnumerateArray())
            {
                markTypes.Add(mark.GetProperty("type").GetString()!);
            }
        }

        if (!node.TryGetProperty("content", out var content))
        {
            return;
        }

        // Neighbouring text nodes are read as one run ("H", "2", "O" is the word H2O).
        var run = new System.Text.StringBuilder();
        foreach (var child in content.EnumerateArray())
        {
            if (child.TryGetProperty("type", out var childType) && childType.GetString() == "text")
            {
                run.Append(child.GetProperty("text").GetString());
                Collect(child, nodeTypes, markTypes, words);
                continue;
            }

            words.AddRange(Words(run.ToString()));
            run.Clear();
            Collect(child, nodeTypes, markTypes, words);
        }

        words.AddRange(Words(run.ToString()));
    }

    private static IEnumerable<string> Words(string text) => Word().Matches(text).Select(m => m.Value);

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
