using System.Text.Json;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Normalising;
using JiraQuality.Core.Ingestion.Roles;
using JiraQuality.Core.Jira.Client;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Measures;

namespace JiraQuality.Tests.Jira;

/// <summary>Jira Cloud comments with ADF bodies, mapped and normalised as a sync stores them.</summary>
public sealed class AdfCommentThreadTests
{
    private static readonly DateTime At = new(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);

    private static ConversationNormalizer Normalizer() =>
        new(new RoleResolver(new IngestionOptions(), AgentDirectorySnapshot.Empty), new ConversationTrimmer(12_000));

    private static RawComment Comment(int order, bool customer, string adfBody)
    {
        var author = customer
            ? """{"accountId":"qm:customer-1","displayName":"Casey Customer","accountType":"customer"}"""
            : """{"accountId":"712020:agent-1","displayName":"Agent One","accountType":"atlassian"}""";
        using var comment = JsonDocument.Parse($$"""
            {"id":"{{order}}","author":{{author}},"jsdPublic":true,"created":"{{At.AddMinutes(order):yyyy-MM-dd'T'HH:mm:ss}}.000+0000","body":{{adfBody}}}
            """);
        return JiraIssueMapper.ToComment(comment.RootElement, order);
    }

    private static JiraTicket Ticket(params RawComment[] comments) => new()
    {
        IssueKey = "SB-1",
        Reporter = "Casey Customer",
        ReporterAccountId = "qm:customer-1",
        Comments = comments,
        Source = "jira",
    };

    [Fact]
    public void An_expand_with_a_title_and_an_empty_body_is_a_message_with_its_title()
    {
        var ticket = Ticket(
            Comment(0, customer: true, """{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"My lock is stuck"}]}]}"""),
            Comment(1, customer: false, """{"type":"doc","version":1,"content":[{"type":"expand","attrs":{"title":"Reset steps sent by e-mail"},"content":[]}]}"""));

        var conversation = Normalizer().Normalize(ticket);

        Assert.Equal(["My lock is stuck", "Reset steps sent by e-mail"], conversation.Messages.Select(m => m.Text));
        Assert.Equal(MessageRole.Agent, conversation.Messages[1].Role);
    }

    [Fact]
    public void A_comment_that_renders_empty_is_no_message_and_no_turn()
    {
        var ticket = Ticket(
            Comment(0, customer: true, """{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"Where is my refund?"}]}]}"""),
            Comment(1, customer: false, """{"type":"doc","version":1,"content":[{"type":"paragraph","content":[]},{"type":"expand","attrs":{"title":""},"content":[]}]}"""),
            Comment(2, customer: true, """{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"Hello?"}]}]}"""));

        var conversation = Normalizer().Normalize(ticket);
        var metrics = new MetricsCalculator(new ScoringOptions()).Compute(conversation);

        Assert.Equal(["Where is my refund?", "Hello?"], conversation.Messages.Select(m => m.Text));
        Assert.Equal([1, 2], conversation.Messages.Select(m => m.Index));
        Assert.Equal(0, metrics.Turns);
    }

    [Fact]
    public void A_quoted_customer_mail_in_an_agent_comment_reads_as_a_quote()
    {
        var ticket = Ticket(Comment(0, customer: false, """
            {"type":"doc","version":1,"content":[
              {"type":"paragraph","content":[{"type":"text","text":"You wrote:"}]},
              {"type":"blockquote","content":[{"type":"paragraph","content":[{"type":"text","text":"I want my money back"}]}]},
              {"type":"paragraph","content":[{"type":"text","text":"Refund issued, see "},{"type":"text","text":"the receipt","marks":[{"type":"link","attrs":{"href":"https://pay.example.com/r/1"}}]},{"type":"text","text":"."}]}]}
            """));

        var message = Assert.Single(Normalizer().Normalize(ticket).Messages);

        Assert.Equal("You wrote:\n> I want my money back\nRefund issued, see the receipt ([link]).", message.Text);
    }
}
