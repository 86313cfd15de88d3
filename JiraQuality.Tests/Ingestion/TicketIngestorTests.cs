using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Tests.Ingestion;

public sealed class TicketIngestorTests
{
    private static readonly DateTime At = new(2025, 11, 3, 9, 0, 0, DateTimeKind.Utc);

    private static JiraTicket Ticket(string key, string body = "hello", DateTime? updated = null) =>
        ConversationBuilder.Ticket(key, updated ?? At.AddHours(1), (CsvText.Customer, At, body), (CsvText.Agent, At.AddMinutes(3), "On it."));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Same_tickets_twice_change_nothing_and_nothing_is_duplicated(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(database);
        var ct = TestContext.Current.CancellationToken;

        var first = await kit.Ingestor.IngestAsync([Ticket("CC-1"), Ticket("CC-2")], ct);
        await MarkProcessedAsync(database, "CC-1");
        var firstRow = await RowAsync(database, "CC-1");
        kit.Clock.Advance(TimeSpan.FromHours(1));
        var second = await kit.Ingestor.IngestAsync([Ticket("CC-1"), Ticket("CC-2")], ct);

        Assert.Equal((2, 0, 0), (first.Created, first.Updated, first.Unchanged));
        Assert.Equal((0, 0, 2), (second.Created, second.Updated, second.Unchanged));
        var row = await RowAsync(database, "CC-1");
        Assert.True(await ScoredState.IsScoredAsync(database.Factory, "CC-1"));
        Assert.Equal(firstRow.ContentHash, row.ContentHash);
        Assert.Equal(firstRow.PreparedAtUtc, row.PreparedAtUtc);
        await using var db = database.Factory.CreateDbContext();
        Assert.Equal(2, await db.PreparedConversations.CountAsync(ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_changed_ticket_is_updated_and_no_longer_matches_the_scored_content_hash_of_its_processed_row(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(database);
        var ct = TestContext.Current.CancellationToken;
        await kit.Ingestor.IngestAsync([Ticket("CC-1"), Ticket("CC-2")], ct);
        await MarkProcessedAsync(database, "CC-1");
        await MarkProcessedAsync(database, "CC-2");
        var before = await RowAsync(database, "CC-1");

        var result = await kit.Ingestor.IngestAsync([Ticket("CC-1", "hello, one more thing", At.AddHours(2)), Ticket("CC-2")], ct);

        Assert.Equal((0, 1, 1), (result.Created, result.Updated, result.Unchanged));
        var changed = await RowAsync(database, "CC-1");
        Assert.False(await ScoredState.IsScoredAsync(database.Factory, "CC-1"));
        Assert.NotEqual(before.ContentHash, changed.ContentHash);
        Assert.Contains("one more thing", changed.ThreadJson);
        Assert.Equal(At.AddHours(2), PreparedConversationMapping.AsUtc(changed.UpdatedUtc));
        Assert.True(await ScoredState.IsScoredAsync(database.Factory, "CC-2"));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Older_copy_never_overwrites_a_newer_one_and_duplicates_in_a_batch_keep_the_latest(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(database);
        var ct = TestContext.Current.CancellationToken;

        var batch = await kit.Ingestor.IngestAsync([Ticket("CC-1", "newest", At.AddHours(5)), Ticket("CC-1", "older", At.AddHours(1))], ct);
        var stale = await kit.Ingestor.IngestAsync([Ticket("CC-1", "stale", At.AddHours(2))], ct);

        Assert.Equal(1, batch.Created);
        Assert.Contains(batch.Warnings, w => w.Contains("more than once"));
        Assert.Equal(1, stale.Unchanged);
        Assert.Contains(stale.Warnings, w => w.Contains("newer"));
        Assert.Contains("newest", (await RowAsync(database, "CC-1")).ThreadJson);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Stored_row_round_trips_to_the_conversation_with_columns_for_filters(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(database);
        var ct = TestContext.Current.CancellationToken;
        await kit.Ingestor.IngestAsync([Ticket("CC-9", "mail me: a@example.org")], ct);

        var row = await RowAsync(database, "CC-9");
        var conversation = row.ToConversation();

        Assert.Equal("Lisboa", row.Hub);
        Assert.Equal("Rental finish issue", row.ContactReason);
        Assert.Equal("test", row.Source);
        Assert.Equal(IngestionTestKit.Now.UtcDateTime, PreparedConversationMapping.AsUtc(row.PreparedAtUtc));
        Assert.Equal(2, conversation.Messages.Count);
        Assert.Equal(MessageRole.Customer, conversation.Messages[0].Role);
        Assert.Equal("mail me: [email]", conversation.Messages[0].RedactedText);
        Assert.Equal("mail me: a@example.org", conversation.Messages[0].Text);
        Assert.Equal(At, conversation.Messages[0].TimestampUtc);
        Assert.Equal(MessageRole.Agent, conversation.Messages[1].Role);
        Assert.Equal(AgentTier.Tier1, conversation.Messages[1].Tier);
        Assert.True(conversation.TokenCount > 0);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Agent_directory_is_seeded_from_the_data_file_and_used_for_roles(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(database);
        var ct = TestContext.Current.CancellationToken;
        File.WriteAllText(kit.Paths.AgentDirectoryFile, "account_id,display_name,tier\r\n" + CsvText.Agent + ",Sara Mendes,Tier 2\r\nlegacy-42,Old Timer,TIER1\r\n");

        await kit.Ingestor.IngestAsync([ConversationBuilder.Ticket("CC-1", At, (CsvText.Agent, At, "hi"), ("legacy-42", At, "hello"))], ct);

        var messages = (await RowAsync(database, "CC-1")).ToConversation().Messages;
        Assert.Equal((MessageRole.Agent, AgentTier.Tier2, "Sara Mendes"), (messages[0].Role, messages[0].Tier, messages[0].AuthorName));
        Assert.Equal((MessageRole.Agent, AgentTier.Tier1), (messages[1].Role, messages[1].Tier));
        var stored = await kit.Agents.GetAllAsync(ct);
        Assert.Equal(2, stored.Count);

        // Edited in the app, the table wins over the file from then on.
        await kit.Agents.ReplaceAllAsync([new AgentDirectoryEntry { AccountId = CsvText.Agent, DisplayName = "Sara Mendes", Tier = "Non agent" }], ct);
        Assert.Equal("Non agent", Assert.Single(await kit.Agents.GetAllAsync(ct)).Tier);
    }

    [Fact]
    public void Agent_directory_file_with_a_bad_tier_names_the_line()
    {
        using var stream = new MemoryStream("user_id,display_name,port_role\n712020:a,Ann,TIER1\n712020:b,Bob,boss\n"u8.ToArray());
        var error = Assert.Throws<InvalidDataException>(() => Core.Agents.Directory.AgentDirectoryService.ReadCsv(stream, "agent_directory.csv"));
        Assert.Contains("agent_directory.csv line 3", error.Message);
        Assert.Contains("boss", error.Message);
    }

    internal static async Task<PreparedConversation> RowAsync(TestDatabase database, string key)
    {
        await using var db = database.Factory.CreateDbContext();
        return await db.PreparedConversations.AsNoTracking().SingleAsync(p => p.IssueKey == key, TestContext.Current.CancellationToken);
    }

    internal static async Task MarkProcessedAsync(TestDatabase database, string key)
    {
        await ScoredState.MarkScoredAsync(database.Factory, key);
    }
}
