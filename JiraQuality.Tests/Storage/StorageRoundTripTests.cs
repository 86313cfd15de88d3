using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Tests.Storage;

public sealed class StorageRoundTripTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Prepared_conversation_round_trips_and_upserts_by_issue_key(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var created = new DateTime(2025, 11, 3, 9, 0, 0, DateTimeKind.Utc);

        await using (var db = database.Factory.CreateDbContext())
        {
            db.PreparedConversations.Add(new PreparedConversation
            {
                IssueKey = "CC-1",
                Summary = "Dock won't release bike ✓",
                Status = "Done",
                CreatedUtc = created,
                Hub = "Lisbon",
                ThreadJson = """[{"index":1,"text":"hi"}]""",
                ContentHash = "h1",
                Source = "export.csv",
                PreparedAtUtc = created,
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        // Upsert: the same key updates the row instead of adding a second one.
        await using (var db = database.Factory.CreateDbContext())
        {
            var existing = await db.PreparedConversations.SingleAsync(p => p.IssueKey == "CC-1", TestContext.Current.CancellationToken);
            existing.ContentHash = "h2";
            db.PreparedConversations.Add(new PreparedConversation { IssueKey = "CC-2", CreatedUtc = created.AddDays(1), PreparedAtUtc = created });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using (var db = database.Factory.CreateDbContext())
        {
            Assert.Equal(2, await db.PreparedConversations.CountAsync(TestContext.Current.CancellationToken));
            var row = await db.PreparedConversations.SingleAsync(p => p.IssueKey == "CC-1", TestContext.Current.CancellationToken);
            Assert.Equal("h2", row.ContentHash);
            Assert.Equal("Dock won't release bike ✓", row.Summary);
            Assert.Equal(created, DateTime.SpecifyKind(row.CreatedUtc!.Value, DateTimeKind.Utc));

            var recent = await db.PreparedConversations
                .Where(p => p.CreatedUtc > created)
                .Select(p => p.IssueKey)
                .ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(["CC-2"], recent);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Migrating_twice_keeps_data(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Factory.CreateDbContext())
        {
            db.JobRuns.Add(new JobRun { Id = Guid.NewGuid(), Kind = "import", State = "succeeded", CreatedAtUtc = DateTime.UtcNow });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await database.Factory.MigrateAsync(TestContext.Current.CancellationToken);

        await using (var db = database.Factory.CreateDbContext())
        {
            Assert.Equal(1, await db.JobRuns.CountAsync(TestContext.Current.CancellationToken));
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public void Table_and_column_names_follow_the_predecessor()
    {
        var options = new StorageOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=:memory:" };
        using var db = new JiraQualityContextFactory(options).CreateDbContext();
        var prepared = db.Model.FindEntityType(typeof(PreparedConversation))!;
        var processed = db.Model.FindEntityType(typeof(ProcessedConversation))!;
        Assert.Equal("jira_prepared_conversations", prepared.GetTableName());
        Assert.Equal("jira_processed_conversations", processed.GetTableName());
        Assert.Equal("issue_key", prepared.FindProperty(nameof(PreparedConversation.IssueKey))!.GetColumnName());
        Assert.Equal("first_agent_response_minutes", processed.FindProperty(nameof(ProcessedConversation.FirstAgentResponseMinutes))!.GetColumnName());
    }
}
