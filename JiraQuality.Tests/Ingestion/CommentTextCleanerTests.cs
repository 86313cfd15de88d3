using JiraQuality.Core.Ingestion.Normalising;


namespace JiraQuality.Tests.Ingestion;

public sealed class CommentTextCleanerTests
{
    [Theory]
    [InlineData("Hey! Thanks for reaching out to us at Port App!", "Hey! Thanks for reaching out to us at Port App!")]
    [InlineData("Great! Thanks!", "Great! Thanks!")]
    [InlineData("Wow!!! really!", "Wow!!! really!")]
    [InlineData("See !photo.jpg|thumbnail! please", "See [image file] please")]
    [InlineData("!IMG_2231.JPEG!", "[image file]")]
    [InlineData("Video: !clip-1.mp4|width=300!", "Video: [video file]")]
    [InlineData("[^recording.mov] _(1.45 MB)_ attached", "[video file] attached")]
    [InlineData("Invoice [^invoice-1234.pdf] _(84 kB)_", "Invoice [attachment]")]
    [InlineData("bare file screenshot_01.png here", "bare file [image file] here")]
    [InlineData("Look https://example.com/a/b.png now", "Look [link] now")]
    [InlineData("Docs at http://help.example.com/x?y=1, thanks", "Docs at [link], thanks")]
    [InlineData("Foo (https://example.com/foo). Wiki (https://en.wikipedia.org/wiki/Bar_(baz))!", "Foo ([link]). Wiki ([link])!")]
    [InlineData("[~accountid:712020:abc] can you check?", "[~accountid:712020:abc] can you check?")]
    [InlineData("  line one  \r\nline two\r\n\r\n\r\n\r\nline three ", "line one\nline two\n\nline three")]
    public void Cleans_markup_without_eating_text(string body, string expected)
    {
        Assert.Equal(expected, CommentTextCleaner.Clean(body));
    }

    // Markup found in real exports of other sites.
    [Theory]
    [InlineData("See !Screenshot 2025-09-08 091615.png|width=758,height=539,alt=\"Screenshot 2025-09-08 091615.png\"! please", "See [image file] please")]
    [InlineData("!image-20250908-071615.png|width=50%!", "[image file]")]
    [InlineData("Hey! I attached the report.png! Thanks!", "Hey! I attached the [image file]! Thanks!")]
    [InlineData("Open [https://acme.atlassian.net/browse/IT-4|https://acme.atlassian.net/browse/IT-4|smart-link] now", "Open [link] now")]
    [InlineData("Read [the guide|https://help.example.com/vpn] first", "Read the guide first")]
    [InlineData("Read [https://help.example.com/vpn] first", "Read [link] first")]
    [InlineData("(see https://help.example.com/vpn)", "(see [link])")]
    [InlineData("Go to https://help.example.com/vpn.", "Go to [link].")]
    [InlineData("Links: https://a.example.com/x, https://b.example.com/y.", "Links: [link], [link].")]
    [InlineData("Wiki https://en.wikipedia.org/wiki/Foo_(bar) here", "Wiki [link] here")]
    [InlineData("Run {noformat}ipconfig /all{noformat} and send it", "Run ipconfig /all and send it")]
    [InlineData("{code:java}int x = 1;{code}", "int x = 1;")]
    [InlineData("{quote}It broke{quote} we know", "It broke we know")]
    [InlineData("{color:#ff0000}Urgent{color}: reboot", "Urgent: reboot")]
    public void Cleans_markup_of_real_exports(string body, string expected)
    {
        Assert.Equal(expected, CommentTextCleaner.Clean(body));
    }

    [Theory]
    [InlineData("----\n*Note:* escalating to Tier 2", true)]
    [InlineData("  [~accountid:712020:abc] please look", true)]
    [InlineData("Note: the bike is fine ---- ok", false)]
    [InlineData("Hi, thanks for your patience", false)]
    public void Flags_internal_notes_from_jira_markup(string body, bool expected)
    {
        Assert.Equal(expected, CommentTextCleaner.LooksLikeInternalNote(body));
    }
}
