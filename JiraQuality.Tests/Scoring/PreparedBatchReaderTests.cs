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

    private static string Json(Conversation conversation) => JsonSerializer.Serialize(conversation, ConversationJson.Options);
}
