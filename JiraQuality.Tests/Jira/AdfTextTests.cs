using JiraQuality.Core.Jira;

namespace JiraQuality.Tests.Jira;

public sealed class AdfTextTests
{
    [Fact]
    public void Paragraphs_breaks_lists_mentions_emoji_code_and_links_become_readable_text()
    {
        const string adf = """
            {"version":1,"type":"doc","content":[
              {"type":"paragraph","content":[
                {"type":"text","text":"Hi "},{"type":"mention","attrs":{"id":"712020:a","text":"@Agent One"}},
                {"type":"text","text":" thanks "},{"type":"emoji","attrs":{"shortName":":smile:","text":"😄"}},
                {"type":"hardBreak"},{"type":"text","text":"see "},
                {"type":"text","text":"the guide","marks":[{"type":"link","attrs":{"href":"https://example.com/guide"}}]}]},
              {"type":"bulletList","content":[
                {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"first"}]}]},
                {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"second"}]},
                  {"type":"orderedList","attrs":{"order":3},"content":[
                    {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"nested"}]}]}]}]}]},
              {"type":"codeBlock","attrs":{"language":"bash"},"content":[{"type":"text","text":"reboot --now"}]},
              {"type":"mediaSingle","content":[{"type":"media","attrs":{"id":"abc","type":"file","collection":"c"}}]},
              {"type":"paragraph","content":[{"type":"inlineCard","attrs":{"url":"https://example.com/ticket"}},
                {"type":"text","text":" "},{"type":"mention","attrs":{"id":"x"}}]}
            ]}
            """;

        var text = AdfText.ToText(adf);

        Assert.Equal(
            "Hi @Agent One thanks 😄\nsee the guide (https://example.com/guide)\n- first\n- second\n  3. nested\nreboot --now\n[attachment]\n[link: https://example.com/ticket] @user",
            text);
    }

    [Fact]
    public void A_plain_string_body_is_kept_and_unknown_nodes_keep_their_text()
    {
        Assert.Equal("plain wiki body", AdfText.ToText("\"  plain wiki body \""));
        Assert.Equal(
            "inside a panel\nA | B",
            AdfText.ToText("""
                {"type":"doc","content":[
                  {"type":"panel","content":[{"type":"paragraph","content":[{"type":"text","text":"inside a panel"}]}]},
                  {"type":"table","content":[{"type":"tableRow","content":[
                    {"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"A"}]}]},
                    {"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"B"}]}]}]}]}]}
                """));
    }
}
