using System.Text.Json;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Normalising;
using JiraQuality.Core.Ingestion.Redaction;
using JiraQuality.Core.Ingestion.Roles;
using JiraQuality.Core.Jira.Client;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;

namespace JiraQuality.Tests.Ingestion;

/// <summary>
/// Mentions written by a CSV export (Cloud account ids, Server usernames) and by Jira Cloud's ADF, normalised: the
/// redacted text names only the role, the cleaned text keeps what the source showed.
/// </summary>
public sealed class MentionRedactorTests
{
    private const string Customer = "qm:5e1b2c3d-0000-4000-8000-00000000c001:1f2e3d4c-aaaa-bbbb-cccc-000000000001";
    private const string Agent = "712020:0a1b2c3d-4e5f-6789-abcd-ef0123456789";
    private const string DirectoryAgent = "5b10ac8d82e05b22cc7d4ef5";
    private static readonly DateTime At = new(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);

    private static ConversationNormalizer Normalizer() => new(
        new RoleResolver(new IngestionOptions(), new AgentDirectorySnapshot([new AgentDirectoryEntry { AccountId = DirectoryAgent, DisplayName = "Dana Lead", Tier = "Tier 2" }])),
        new ConversationTrimmer(12_000));

    private static JiraTicket Ticket(string reporter, string? reporterId, params RawComment[] comments) => new()
    {
        IssueKey = "HD-7",
        Reporter = reporter,
        ReporterAccountId = reporterId,
        Comments = comments,
        Source = "test",
    };

    private static RawComment Csv(string author, int minute, string body) =>
        new() { AuthorId = author, TimestampUtc = At.AddMinutes(minute), Body = body, SourceOrder = minute };

    public static TheoryData<string, string, string> CloudCsvMentions() => new()
    {
        { $"[~accountid:{Customer}] can you confirm?", $"[~accountid:{Customer}] can you confirm?", "[customer] can you confirm?" },
        { $"Thanks [~accountid:{Agent}], taking over.", $"Thanks [~accountid:{Agent}], taking over.", "Thanks [agent], taking over." },
        { $"cc [~accountid:{DirectoryAgent}]", $"cc [~accountid:{DirectoryAgent}]", "cc [agent]" },
        { "cc [~accountid:557058:f00dfeed-1234-5678-9abc-def012345678] for billing", "cc [~accountid:557058:f00dfeed-1234-5678-9abc-def012345678] for billing", "cc [mention] for billing" },
    };

    [Theory]
    [MemberData(nameof(CloudCsvMentions))]
    public void Csv_cloud_mentions_become_the_role_or_mention_placeholder_only_in_redacted_text(string body, string text, string redacted)
    {
        var ticket = Ticket("Rider One", Customer,
            Csv(Customer, 0, "The dock will not release my bike"),
            Csv(Agent, 1, body));

        var message = Normalizer().Normalize(ticket).Messages[1];

        Assert.Equal(text, message.Text);
        Assert.Equal(redacted, message.RedactedText);
    }

    [Fact]
    public void Server_username_mentions_are_redacted_by_who_the_user_is()
    {
        var ticket = Ticket("rider.one", null,
            Csv("rider.one", 0, "Still broken"),
            Csv("agent.smith", 1, "[~rider.one] please retry; [~agent.smith] will follow up, [~jdoe] FYI"),
            Csv("agent.smith", 2, "Hello"));
        var normalizer = new ConversationNormalizer(
            new RoleResolver(new IngestionOptions(), new AgentDirectorySnapshot([new AgentDirectoryEntry { AccountId = "agent.smith", DisplayName = "Agent Smith", Tier = "Tier 1" }])),
            new ConversationTrimmer(12_000));

        var message = normalizer.Normalize(ticket).Messages[1];

        Assert.Equal("[~rider.one] please retry; [~agent.smith] will follow up, [~jdoe] FYI", message.Text);
        Assert.Equal("[customer] please retry; [agent] will follow up, [mention] FYI", message.RedactedText);
    }

    [Fact]
    public void Adf_mention_nodes_are_redacted_like_csv_mentions_and_read_as_names_in_the_text()
    {
        using var comment = JsonDocument.Parse($$$"""
            {"id":"1","author":{"accountId":"{{{Agent}}}","displayName":"Agent One","accountType":"atlassian"},"jsdPublic":false,
             "created":"2026-11-20T09:05:00.000+0000","body":{"type":"doc","version":1,"content":[{"type":"paragraph","content":[
               {"type":"mention","attrs":{"id":"{{{DirectoryAgent}}}","text":"@Dana Lead"}},{"type":"text","text":" the customer "},
               {"type":"mention","attrs":{"id":"{{{Customer}}}","text":"@Rider [One]"}},{"type":"text","text":" asked twice; "},
               {"type":"mention","attrs":{"id":"557058:f00dfeed-1234-5678-9abc-def012345678","text":"@Person A"}},
               {"type":"text","text":" wrote to rider@example.org"}]}]}}
            """);
        var ticket = Ticket("Rider One", Customer,
            Csv(Customer, 0, "The dock will not release my bike"),
            JiraIssueMapper.ToComment(comment.RootElement, 1));

        var message = Normalizer().Normalize(ticket).Messages[1];

        Assert.True(message.IsInternal);
        Assert.Equal("@Dana Lead the customer @Rider One asked twice; @Person A wrote to rider@example.org", message.Text);
        Assert.Equal("[agent] the customer [customer] asked twice; [mention] wrote to [email]", message.RedactedText);
    }

    [Fact]
    public void A_mention_of_someone_who_wrote_on_the_ticket_takes_the_role_their_comments_got()
    {
        // A portal customer who is not the reporter: only Jira's account type on their comment says so.
        using var customerComment = JsonDocument.Parse("""
            {"id":"2","author":{"accountId":"70121:portal-friend","displayName":"Friend","accountType":"customer"},"jsdPublic":true,
             "created":"2026-11-20T09:01:00.000+0000","body":{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"Same for me"}]}]}}
            """);
        var ticket = Ticket("Rider One", Customer,
            Csv(Customer, 0, "Broken"),
            JiraIssueMapper.ToComment(customerComment.RootElement, 1),
            Csv(Agent, 2, "[~accountid:70121:portal-friend] thanks, fixed for both"));

        var message = Normalizer().Normalize(ticket).Messages[2];

        Assert.Equal("[customer] thanks, fixed for both", message.RedactedText);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_csv_import_writes_mentions_as_roles_in_the_redacted_export_and_keeps_them_in_the_full_one(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(database);
        // The mentioned colleague writes nothing on the ticket: the agent directory is what makes them staff.
        await kit.Agents.ReplaceAllAsync([new AgentDirectoryEntry { AccountId = CsvText.Agent2, DisplayName = "Agent Two", Tier = "Tier 2" }], TestContext.Current.CancellationToken);
        var file = kit.WriteFile("mentions.csv", CsvText.File(CsvText.Header(), CsvText.Row("CC-1", "03/11/2025 09:30",
            CsvText.Comment("03/Nov/25 9:00 AM", CsvText.Customer, "bike stuck"),
            CsvText.Comment("03/Nov/25 9:05 AM", CsvText.Agent, $"[~accountid:{CsvText.Customer}] released it; [~accountid:{CsvText.Agent2}] and [~accountid:557058:0000-feed] FYI"))));

        await kit.ImportAsync(file);

        var redacted = await ExportAsync(kit, redacted: true);
        var full = await ExportAsync(kit, redacted: false);
        Assert.Contains("[customer] released it; [agent] and [mention] FYI", redacted);
        Assert.DoesNotContain("[~accountid:", redacted);
        Assert.Contains($"[~accountid:{CsvText.Customer}] released it; [~accountid:{CsvText.Agent2}] and [~accountid:557058:0000-feed] FYI", full);
    }

    private static async Task<string> ExportAsync(IngestionTestKit kit, bool redacted)
    {
        using var output = new MemoryStream();
        await kit.Export.WriteJsonlAsync(output, redacted, TestContext.Current.CancellationToken);
        return System.Text.Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public void Reveal_shows_adf_mentions_by_name_and_leaves_wiki_mentions_as_written()
    {
        var body = MentionRedactor.SourceMention("712020:x", "@Ana") + " and [~accountid:712020:y]";

        Assert.Equal("@Ana and [~accountid:712020:y]", MentionRedactor.Reveal(body));
        Assert.Equal("@Ana and [~accountid:712020:y]", CommentTextCleaner.Clean(body));
    }
}
