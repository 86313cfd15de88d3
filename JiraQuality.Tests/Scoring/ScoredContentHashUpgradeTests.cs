using JiraQuality.Core.Conversations.Search;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Scoring;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace JiraQuality.Tests.Scoring;

/// <summary>
/// Upgrading a database that kept the processed mark as a flag on the prepared row: what was flagged stays done, what was
/// not stays pending, and the full-text index keeps following the stored threads (SQLite rebuilds the prepared table to
/// drop the flag, which drops its triggers).
/// </summary>
public sealed class ScoredContentHashUpgradeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Flagged_conversations_stay_scored_unflagged_ones_pending_and_the_text_index_follows_new_threads(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider, migrate: false);
        var heuristic = new HeuristicScorer(new ScoringOptions());
        var rows = ScoringTestSupport.Tickets(3).ToList();
        await using (var context = database.Factory.CreateDbContext())
        {
            var migrations = context.Database.GetMigrations().ToList();
            var before = migrations[migrations.FindIndex(m => m.EndsWith("_ScoredContentHash", StringComparison.Ordinal)) - 1];
            await context.GetService<IMigrator>().MigrateAsync(before, Ct);

            // ITSM-1 scored and flagged; ITSM-2 scored once, then its thread changed (flag cleared); ITSM-3 never scored.
            foreach (var (row, flagged) in new[] { (rows[0], true), (rows[1], false), (rows[2], false) })
            {
#pragma warning disable EF1002, EF1003 // Constant test values only; the row's own values are parameters.
                await context.Database.ExecuteSqlRawAsync(
                    "INSERT INTO jira_prepared_conversations (issue_key, summary, reporter, status, resolution, custom_fields_json, thread_json, token_count, source, prepared_at_utc, content_hash, processed, created_utc) " +
                    $"VALUES ({{0}}, '', '', {{1}}, {{2}}, {{3}}, {{4}}, 0, 'test.csv', '2026-11-02 09:00:00', {{5}}, {(flagged ? "TRUE" : "FALSE")}, '2026-11-0{rows.IndexOf(row) + 1} 09:00:00')",
                    [row.IssueKey, row.Status, row.Resolution, row.CustomFieldsJson, row.ThreadJson, row.ContentHash],
                    Ct);
#pragma warning restore EF1002, EF1003
            }

            foreach (var key in new[] { "ITSM-1", "ITSM-2" })
            {
                await context.Database.ExecuteSqlRawAsync(
                    "INSERT INTO jira_processed_conversations (issue_key, status, resolution, messages_total, messages_agent, messages_customer, messages_internal, turns, " +
                    "agent_authors, customer_authors, agent_profanity_count, agent_profanity_detected, customer_abuse_count, customer_abuse_detected, " +
                    "escalated_tier1_to_tier2, handed_over_from_tier1, scorer_kind, scorer_version, processed_at_utc) " +
                    "VALUES ({0}, 'Done', 'Done', 3, 1, 2, 0, 2, 1, 1, 0, FALSE, 0, FALSE, FALSE, FALSE, 'heuristic', {1}, '2026-11-03 09:00:00')",
                    [key, heuristic.Version],
                    Ct);
            }
        }

        await database.Factory.MigrateAsync(Ct);

        await using (var db = database.Factory.CreateDbContext())
        {
            var hashes = await db.ProcessedConversations.AsNoTracking().OrderBy(p => p.IssueKey).Select(p => p.ScoredContentHash).ToListAsync(Ct);
            Assert.Equal([rows[0].ContentHash, null], hashes);
        }

        var service = ScoringTestSupport.Service(database.Factory);
        var selection = await service.SelectKeysAsync(new ProcessingRequest(), heuristic, Ct);
        Assert.Equal(["ITSM-2", "ITSM-3"], selection.Keys);
        var result = await service.RunAsync(new ProcessingRequest(), heuristic, new RecordingProgress(), Ct);
        Assert.Equal(2, result.Processed);
        Assert.Empty((await service.SelectKeysAsync(new ProcessingRequest(), heuristic, Ct)).Keys);

        // Threads stored and changed after the upgrade are found by their words, and no longer by words they lost.
        var store = new PreparedConversationStore(database.Factory, TimeProvider.System);
        await store.UpsertAsync([new ConversationBuilder("NEW-1").Customer(0, "the saddle squeaks").Build()], Ct);
        Assert.Equal(["NEW-1"], await MatchingAsync(database, "saddle"));
        await store.UpsertAsync([new ConversationBuilder("NEW-1").Customer(0, "the pedal squeaks").Build()], Ct);
        Assert.Empty(await MatchingAsync(database, "saddle"));
        Assert.Equal(["NEW-1"], await MatchingAsync(database, "pedal"));
        Assert.Equal(["ITSM-1", "ITSM-2", "ITSM-3"], await MatchingAsync(database, "laptop"));
    }

    private static async Task<List<string>> MatchingAsync(TestDatabase database, string text)
    {
        await using var db = database.Factory.CreateDbContext();
        var search = TextSearch.Parse(text, out var error);
        Assert.Null(error);
        return (await ThreadTextIndex.MatchingKeys(db, search!).ToListAsync(Ct)).Order(StringComparer.Ordinal).ToList();
    }
}
