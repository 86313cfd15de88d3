using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Normalising;
using JiraQuality.Core.Ingestion.Roles;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static JiraQuality.Tests.Ingestion.AnyJiraFixtures;

namespace JiraQuality.Tests.Ingestion;

/// <summary>The request opens the conversation: the Description is the customer's first message, Created opens the first turn.</summary>
public sealed class OpeningRequestTests
{
    private static readonly DateTime Created = new(2026, 4, 3, 14, 0, 0, DateTimeKind.Utc);

    private static ConversationNormalizer Normalizer() =>
        new(new RoleResolver(new IngestionOptions(), AgentDirectorySnapshot.Empty), new ConversationTrimmer(12_000));

    [Theory]
    [InlineData("export.csv")]
    [InlineData("jira")]
    [InlineData("webhook")]
    public void Description_is_the_customers_first_message_at_created_redacted_like_any_message(string source)
    {
        var ticket = new JiraTicket
        {
            IssueKey = "CL-2",
            Reporter = "Yuri Berg",
            ReporterAccountId = Yuri,
            CreatedUtc = Created,
            Description = "Our VAT number is wrong, write to yuri@example.org",
            Source = source,
            Comments =
            [
                // Stamped before Created (a clock skew): the request still comes first.
                new RawComment { AuthorId = Cat, Body = "Corrected.", TimestampUtc = Created.AddMinutes(-5), SourceOrder = 0 },
            ],
        };

        var conversation = Normalizer().Normalize(ticket);

        var opening = conversation.Messages[0];
        Assert.Equal((1, Created, Yuri, MessageRole.Customer, false), (opening.Index, opening.TimestampUtc, opening.AuthorId, opening.Role, opening.IsInternal));
        Assert.Equal("Our VAT number is wrong, write to [email]", opening.RedactedText);
        Assert.Equal("Our VAT number is wrong, write to yuri@example.org", opening.Text);
        Assert.Equal(2, conversation.Messages.Count);
        Assert.True(conversation.OpensWithRequest);
    }

    [Fact]
    public void Without_a_description_the_thread_is_the_comments_only()
    {
        var conversation = Normalizer().Normalize(new JiraTicket
        {
            IssueKey = "SD-3",
            Reporter = "mmorgan",
            CreatedUtc = Created,
            Comments = [new RawComment { AuthorId = "lkelly", Body = "Looking into it.", TimestampUtc = Created.AddMinutes(30) }],
        });

        Assert.Equal(["Looking into it."], conversation.Messages.Select(m => m.Text));
        Assert.True(conversation.OpensWithRequest);
    }

    [Fact]
    public void First_response_runs_from_the_request_to_the_first_public_agent_reply()
    {
        var calculator = new MetricsCalculator(new ScoringOptions());
        var conversation = new Conversation
        {
            IssueKey = "SD-3",
            CreatedUtc = Created,
            OpensWithRequest = true,
            Messages =
            [
                new ConversationMessage { Index = 1, Role = MessageRole.Agent, AuthorId = "lkelly", IsInternal = true, TimestampUtc = Created.AddMinutes(10), Text = "note" },
                new ConversationMessage { Index = 2, Role = MessageRole.Agent, AuthorId = "lkelly", TimestampUtc = Created.AddMinutes(30), Text = "Looking into it." },
                new ConversationMessage { Index = 3, Role = MessageRole.Customer, AuthorId = "mmorgan", TimestampUtc = Created.AddMinutes(50), Text = "Thanks." },
            ],
        };

        Assert.Equal(30, calculator.Compute(conversation).FirstAgentResponseMinutes);
        Assert.Null(calculator.Compute(conversation with { OpensWithRequest = false }).FirstAgentResponseMinutes);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Imported_exports_measure_first_response_from_created(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(database);
        var report = await kit.ImportAsync(PathOf(Cloud), PathOf(Server));
        Assert.True(report.Succeeded, report.ToText());

        await Scoring.ScoringTestSupport.Service(database.Factory).RunAsync(
            new ProcessingRequest { Scorer = new ScorerSelection { NoLlm = true } }, NullJobProgress.Instance, TestContext.Current.CancellationToken);

        await using var db = database.Factory.CreateDbContext();
        var processed = await db.ProcessedConversations.AsNoTracking().ToDictionaryAsync(p => p.IssueKey, TestContext.Current.CancellationToken);
        // Created 3 Apr 14:00, first public agent reply 24 Apr 13:00 — not the 30 minutes between later comments.
        Assert.Equal((new DateTime(2026, 4, 24, 13, 0, 0) - new DateTime(2026, 4, 3, 14, 0, 0)).TotalMinutes, processed["CL-2"].FirstAgentResponseMinutes);
        Assert.False(processed["CL-2"].InitialResponseSla15m);
        // No Description: Created (9:00) still opens the turn, the first reply came at 9:30.
        Assert.Equal(30, processed["SD-3"].FirstAgentResponseMinutes);
        var stored = await db.PreparedConversations.AsNoTracking().SingleAsync(c => c.IssueKey == "CL-2", TestContext.Current.CancellationToken);
        var opening = ConversationJson.DeserializeMessages(stored.ThreadJson)[0];
        Assert.Equal(("Our VAT number on invoice 2026-114 is wrong.", MessageRole.Customer), (opening.Text, opening.Role));
    }
}
