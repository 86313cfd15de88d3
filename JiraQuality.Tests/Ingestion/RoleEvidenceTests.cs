using System.Text.Json;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Normalising;
using JiraQuality.Core.Ingestion.Roles;
using JiraQuality.Core.Jira;
using JiraQuality.Core.Jira.Client;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static JiraQuality.Tests.Ingestion.AnyJiraFixtures;

namespace JiraQuality.Tests.Ingestion;

/// <summary>Roles and internal notes from evidence, for Cloud exports with every account-id shape and for Server usernames.</summary>
public sealed class RoleEvidenceTests
{
    private const MessageRole A = MessageRole.Agent;
    private const MessageRole C = MessageRole.Customer;

    [Fact]
    public void Cloud_export_roles_come_from_the_ticket_for_every_account_id_shape()
    {
        var conversations = Normalize(Cloud);

        Assert.Equal(
            [(Ana, A, false), (Xia, C, false), (Ana, A, true), (Ben, A, true), (Pam, C, false)],
            AnyJiraFixtures.Comments(conversations["CL-1"]));
        Assert.Equal([(Cat, A, false), (Yuri, C, false)], AnyJiraFixtures.Comments(conversations["CL-2"]));
        Assert.Equal([(Ben, A, false), (Zoe, C, false), (Ana, A, true)], AnyJiraFixtures.Comments(conversations["CL-3"]));
        Assert.Equal([(Cat, A, false), (Xia, C, false)], AnyJiraFixtures.Comments(conversations["CL-4"]));
    }

    [Fact]
    public void Server_export_roles_come_from_usernames()
    {
        var conversations = Normalize(Server);

        Assert.Equal(
            [("lkelly", A, false), ("mmorgan", C, false), ("lkelly", A, true), ("jsmith", A, false)],
            AnyJiraFixtures.Comments(conversations["SD-1"]));
        Assert.Equal([("jsmith", A, false), ("tbrown", C, false)], AnyJiraFixtures.Comments(conversations["SD-2"]));
        Assert.Equal([("lkelly", A, false), ("mmorgan", C, false)], AnyJiraFixtures.Comments(conversations["SD-3"]));
        Assert.Equal([("rgreen", C, false), ("lkelly", A, false)], AnyJiraFixtures.Comments(conversations["SD-4"]));
        Assert.Equal("lkelly", conversations["SD-1"].Assignee);
    }

    [Fact]
    public void Assignee_and_request_participants_are_read_from_the_export()
    {
        var tickets = Read(Cloud).ToDictionary(t => t.IssueKey);

        Assert.Equal(("Ana Agent", Ana), (tickets["CL-1"].Assignee, tickets["CL-1"].AssigneeAccountId));
        Assert.Equal([Pam], tickets["CL-1"].RequestParticipants);
        Assert.Null(tickets["CL-4"].Assignee);
        Assert.Empty(tickets["CL-4"].RequestParticipants);
    }

    [Fact]
    public void An_assignee_seen_earlier_is_an_agent_where_the_reporter_is_unknown()
    {
        var options = new IngestionOptions();
        var normalizer = new ConversationNormalizer(new RoleResolver(options, AgentDirectorySnapshot.Empty), new ConversationTrimmer(12_000));
        var unreported = new JiraTicket
        {
            IssueKey = "CL-9",
            Comments = [new RawComment { AuthorId = Ana, Body = "Checking now.", TimestampUtc = new DateTime(2026, 4, 9, 9, 0, 0, DateTimeKind.Utc) }],
        };

        Assert.Equal(MessageRole.Unknown, normalizer.Normalize(unreported).Messages[0].Role);
        normalizer.Normalize(new JiraTicket { IssueKey = "CL-1", AssigneeAccountId = Ana, Reporter = "Xia Lopez", ReporterAccountId = Xia });
        Assert.Equal(MessageRole.Agent, normalizer.Normalize(unreported).Messages[0].Role);
    }

    [Fact]
    public void A_customer_comment_is_never_internal_and_the_inference_can_be_turned_off()
    {
        var ticket = new JiraTicket
        {
            IssueKey = "CL-1",
            Reporter = "Xia Lopez",
            ReporterAccountId = Xia,
            Comments =
            [
                new RawComment { AuthorId = Xia, Body = $"[~accountid:{Ana}] ----\n*Note:* any news?", SourceOrder = 0 },
                new RawComment { AuthorId = Ana, Body = $"[~accountid:{Ben}] please check", SourceOrder = 1 },
                new RawComment { AuthorId = Ana, Body = $"[~accountid:{Xia}] we are on it", SourceOrder = 2 },
            ],
        };
        var inferring = Normalize(ticket, new IngestionOptions());
        var literal = Normalize(ticket, new IngestionOptions { InferInternalNotes = false });

        Assert.Equal([false, true, false], inferring.Messages.Select(m => m.IsInternal));
        Assert.Equal([false, false, false], literal.Messages.Select(m => m.IsInternal));

        static Conversation Normalize(JiraTicket ticket, IngestionOptions options) =>
            new ConversationNormalizer(new RoleResolver(options, AgentDirectorySnapshot.Empty), new ConversationTrimmer(12_000), options.InferInternalNotes).Normalize(ticket);
    }

    [Fact]
    public void Rest_issue_gives_assignee_participants_and_keeps_jsd_public()
    {
        using var issue = JsonDocument.Parse($$$"""
            {"key":"CL-7","fields":{"summary":"VPN","reporter":{"accountId":"{{{Xia}}}","displayName":"Xia Lopez"},
             "assignee":{"accountId":"{{{Ana}}}","displayName":"Ana Agent"},
             "customfield_10027":[{"accountId":"{{{Pam}}}","displayName":"Pam"}]}}
            """);
        using var comments = JsonDocument.Parse($$$"""
            [{"author":{"accountId":"{{{Ana}}}"},"body":"[~accountid:{{{Xia}}}] hi","jsdPublic":false,"created":"2026-04-03T09:40:00.000+0000"},
             {"author":{"accountId":"{{{Pam}}}"},"body":"me too","jsdPublic":true,"created":"2026-04-03T09:50:00.000+0000"}]
            """);
        var map = JiraFieldMap.Resolve([new JiraField("customfield_10027", "Request participants", true)], new JiraOptions().CustomFieldAliases);

        var ticket = JiraIssueMapper.ToTicket(issue.RootElement, comments.RootElement.EnumerateArray().ToList(), map, "jira");
        var conversation = new ConversationNormalizer(new RoleResolver(new IngestionOptions(), AgentDirectorySnapshot.Empty), new ConversationTrimmer(12_000)).Normalize(ticket);

        Assert.Equal(("Ana Agent", Ana), (ticket.Assignee, ticket.AssigneeAccountId));
        Assert.Equal([Pam], ticket.RequestParticipants);
        Assert.False(ticket.CustomFields.ContainsKey(JiraIssueMapper.RequestParticipantsKey));
        Assert.Equal([(A, true), (C, false)], conversation.Messages.Select(m => (m.Role, m.IsInternal)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Assignee_and_participants_are_stored_and_stored_assignees_are_agents_in_later_imports(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(database);
        var first = await kit.ImportAsync(PathOf(Cloud));
        var later = kit.WriteFile("later.csv", CsvText.File(
            "Issue key,Summary,Reporter,Created,Comment",
            $"CL-20,Follow-up,,08/Apr/26 9:00 AM,\"08/Apr/26 9:30 AM;{Ana};Following up on the VPN ticket.\""));

        var second = await kit.ImportAsync(later);

        Assert.True(first.Succeeded && second.Succeeded, first.ToText() + second.ToText());
        await using var db = database.Factory.CreateDbContext();
        var stored = await db.PreparedConversations.AsNoTracking().SingleAsync(c => c.IssueKey == "CL-1", TestContext.Current.CancellationToken);
        Assert.Equal(("Ana Agent", Ana, Pam), (stored.Assignee, stored.AssigneeAccountId, stored.RequestParticipants));
        var followUp = (await db.PreparedConversations.AsNoTracking().SingleAsync(c => c.IssueKey == "CL-20", TestContext.Current.CancellationToken)).ThreadJson;
        Assert.Equal(MessageRole.Agent, ConversationJson.DeserializeMessages(followUp).Single().Role);
    }
}
