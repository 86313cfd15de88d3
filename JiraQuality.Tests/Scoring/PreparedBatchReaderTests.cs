using System.Text.Json;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Tests.Scoring;

/// <summary>Scoring reads a batch as the conversations the drill-down reads, whichever way each provider reads the thread.</summary>
public sealed class PreparedBatchReaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_batch_reads_the_same_conversations_as_the_stored_rows(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var accented = ScoringTestSupport.Prepared(
            new ConversationBuilder("ÉCO-7")
                .Customer(0, "Mon écran reste noir — « urgent » 😟", "557058:aa11bb22-cc33-dd44-ee55-ff6677889900")
                .Agent(4.5, "Bonjour Zoë, j’ai redémarré le poste.", "5d1f2e3a4b5c6d7e8f901234")
                .Internal(6, "note: \"quoted\" \\ backslash\nsecond line")
                .Unknown(7)
                .Field(CustomFieldKeys.Hub, "Lyon")
                .Resolution("Résolu")
                .Build(),
            day: 3);
        accented.Reporter = "Zoë Dupont";
        accented.RequestParticipants = "a@example.org\nb@example.org";
        accented.UpdatedUtc = new DateTime(2026, 3, 4, 5, 6, 7, 891, DateTimeKind.Utc).AddTicks(2345);
        accented.DueDate = "2026-03-09";
        accented.TrimJson = ConversationJson.SerializeTrim(new TrimRecord(1200, 800, 2));
        await using (var db = database.Factory.CreateDbContext())
        {
            db.PreparedConversations.AddRange([accented, .. ScoringTestSupport.Tickets(3)]);
            await db.SaveChangesAsync(Ct);
        }

        await using var read = database.Factory.CreateDbContext();
        var loaded = await PreparedBatchReader.ReadAsync(read, ["ÉCO-7", "ITSM-2", "ITSM-404"], Ct);
        var stored = await read.PreparedConversations.AsNoTracking().Where(p => p.IssueKey == "ÉCO-7" || p.IssueKey == "ITSM-2").ToListAsync(Ct);

        Assert.Equal(["ITSM-2", "ÉCO-7"], loaded.Select(l => l.Row.IssueKey).Order(StringComparer.Ordinal));
        Assert.Equal(provider == DatabaseProvider.Sqlite, loaded.All(l => l.ThreadUtf8 is not null));
        foreach (var row in stored)
        {
            var batch = Assert.Single(loaded, l => l.Row.IssueKey == row.IssueKey);
            Assert.Equal(row.ContentHash, batch.Row.ContentHash);
            Assert.Equal(Json(row.ToConversation()), Json(batch.ToConversation()));
        }

        var messages = Assert.Single(loaded, l => l.Row.IssueKey == "ÉCO-7").ToConversation().Messages;
        Assert.Equal("Mon écran reste noir — « urgent » 😟", messages[0].Text);
        Assert.Equal("note: \"quoted\" \\ backslash\nsecond line", messages[2].Text);
    }

    [Fact]
    public void A_thread_with_author_sources_is_stored_and_read_as_the_serializer_itself_stores_and_reads_it()
    {
        var at = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc);
        List<ConversationMessage> messages =
        [
            new() { Index = 1, TimestampUtc = at, AuthorId = "557058:aa11", AuthorName = "Zoë", Role = MessageRole.Customer, AuthorSource = new MessageAuthorSource("Zoë \"Z\" Dupont <z>", "customer"), Text = "a", RedactedText = "a" },
            new() { Index = 2, AuthorSource = new MessageAuthorSource(null, "atlassian"), Role = MessageRole.Agent, Tier = AgentTier.Tier2, Text = "b", RedactedText = "b" },
            new() { Index = 3, AuthorSource = new MessageAuthorSource("Only a name", null), IsInternal = true, Text = "c", RedactedText = "c" },
            new() { Index = 4, AuthorSource = new MessageAuthorSource(null, null), Text = "d", RedactedText = "d" },
            new() { Index = 5, Text = "e", RedactedText = "e" },
        ];

        // The serializer's own metadata for every type, without the converter.
        var reflection = new JsonSerializerOptions(ConversationJson.Options);
        reflection.Converters.Clear();
        reflection.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        reflection.TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver();

        var stored = ConversationJson.SerializeMessages(messages);
        Assert.Equal(JsonSerializer.Serialize(messages, reflection), stored);
        Assert.Equal(messages, ConversationJson.DeserializeMessages(stored));
        Assert.Equal(messages, ConversationJson.DeserializeMessages(System.Text.Encoding.UTF8.GetBytes(stored)));

        // As the web defaults read it: names in any case, unknown properties skipped, explicit nulls.
        const string other = """[{"index":1,"authorSource":{"NAME":"Ana","extra":{"nested":[1,{"name":"no"}]},"AccountType":"app"},"text":"x","redactedText":"x"},{"index":2,"authorSource":{"name":null,"accountType":"customer"},"text":"y","redactedText":"y"}]""";
        Assert.Equal(JsonSerializer.Deserialize<List<ConversationMessage>>(other, reflection), ConversationJson.DeserializeMessages(other));
        Assert.Equal(new MessageAuthorSource("Ana", "app"), ConversationJson.DeserializeMessages(other)[0].AuthorSource);
        Assert.Throws<JsonException>(() => ConversationJson.DeserializeMessages("""[{"index":1,"authorSource":{"name":5}}]"""));
    }

    private static string Json(Conversation conversation) => JsonSerializer.Serialize(conversation, ConversationJson.Options);
}
