using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Reporting.Rollup;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Tests.Scoring;

/// <summary>The set-based writer of processed conversations stores what EF Core would, and keeps the rollup exact.</summary>
public sealed class ProcessedBatchWriterTests
{
    private static readonly DateTime Start = new(2026, 3, 14, 9, 26, 53, 589, DateTimeKind.Utc);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Every_column_is_stored_in_the_form_ef_core_stores_it(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Factory.CreateDbContext())
        {
            // The writer stores the hash of the text each row was scored from (the mark that it is done).
            var (full, sparse) = (Full("EF-1"), Sparse("EF-2"));
            (full.ScoredContentHash, sparse.ScoredContentHash) = ("h", "h");
            db.ProcessedConversations.AddRange(full, sparse);
            await db.SaveChangesAsync(Ct);
        }

        await new ProcessedBatchWriter(database.Factory).WriteAsync([new ScoredRow(Full("BW-1"), "h"), new ScoredRow(Sparse("BW-2"), "h")], clearFailures: true, Ct);

        Assert.Equal(await ColumnsAsync(database, "EF-1"), await ColumnsAsync(database, "BW-1"));
        Assert.Equal(await ColumnsAsync(database, "EF-2"), await ColumnsAsync(database, "BW-2"));

        // Written again (a re-score), the row is replaced, not duplicated.
        var rescored = Full("BW-1");
        rescored.Summary = "second opinion";
        rescored.ConversationEndUtc = null;
        await new ProcessedBatchWriter(database.Factory).WriteAsync([new ScoredRow(rescored, "h2")], clearFailures: false, Ct);
        await using var check = database.Factory.CreateDbContext();
        var stored = await check.ProcessedConversations.AsNoTracking().SingleAsync(p => p.IssueKey == "BW-1", Ct);
        Assert.Equal("second opinion", stored.Summary);
        Assert.Equal("h2", stored.ScoredContentHash);
        Assert.Equal(Start, DateTime.SpecifyKind(stored.ReferenceUtc!.Value, DateTimeKind.Utc));
        Assert.Equal(4, await check.ProcessedConversations.CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Prepared_rows_an_import_inserts_set_based_are_stored_as_ef_core_stores_them(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Start);
        await using (var db = database.Factory.CreateDbContext())
        {
            db.PreparedConversations.Add(Prepared("EF-1"));
            await db.SaveChangesAsync(Ct);
        }

        var result = await new JiraQuality.Core.Ingestion.Prepared.PreparedConversationStore(database.Factory, clock).UpsertRowsAsync([Prepared("BW-1")], Ct);

        Assert.Equal(1, result.Created);
        Assert.Equal(
            await ColumnsAsync(database, "EF-1", "jira_prepared_conversations", typeof(PreparedConversation)),
            await ColumnsAsync(database, "BW-1", "jira_prepared_conversations", typeof(PreparedConversation)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_rollup_kept_per_batch_equals_a_rebuild_after_re_scores_move_conversations(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var writer = new ProcessedBatchWriter(database.Factory);
        var rows = Enumerable.Range(0, 90).Select(i => Full($"R-{i:D3}", Start.AddMinutes(-47 * i), agent: $"Agent {i % 4}")).ToList();
        foreach (var batch in rows.Chunk(25))
        {
            await writer.WriteAsync(batch.Select(r => new ScoredRow(r, "h")).ToList(), clearFailures: false, Ct);
        }

        // Re-scored: some move to other hours (their old hours must lose them), some change agent, one loses its times.
        var moved = rows.Where((_, i) => i % 7 == 0)
            .Select((r, i) => Full(r.IssueKey, i == 0 ? null : Start.AddHours(-500 - (13 * i)), agent: i % 2 == 0 ? "Agent Zed" : null))
            .ToList();
        await writer.WriteAsync(moved.Select(r => new ScoredRow(r, "h")).ToList(), clearFailures: false, Ct);

        await using var db = database.Factory.CreateDbContext();
        Assert.Equal(7, await db.ProcessedConversations.CountAsync(p => p.PrimaryAgent == "Agent Zed", Ct));
        var kept = await RollupTextAsync(db);
        await MetricsRollupMaintenance.RebuildAsync(db, Ct);
        Assert.Equal(await RollupTextAsync(db), kept);
        Assert.Contains(kept, line => line.StartsWith("agent|Agent Zed|", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task New_rows_added_to_hours_beside_re_scored_rows_in_one_batch_leave_the_rollup_equal_to_a_rebuild(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var writer = new ProcessedBatchWriter(database.Factory);
        var first = Enumerable.Range(0, 12).Select(i => Full($"M-{i:D2}", Start.AddMinutes(-20 * i), agent: $"Agent {i % 3}")).ToList();
        foreach (var row in first)
        {
            row.PrimaryAgentTier = "TIER1";
        }

        await writer.WriteAsync(first.Select(r => new ScoredRow(r, "h")).ToList(), clearFailures: false, Ct);

        // One batch: new rows in hours that already have totals (one raising the hour's highest tier, one without a
        // tier), new rows in new hours, and re-scored rows that move between those hours.
        var batch = new List<ProcessedConversation>
        {
            Full("N-1", Start.AddMinutes(-25), agent: "Agent 1"),
            Full("N-2", Start.AddMinutes(-65), agent: null),
            Full("N-3", Start.AddHours(-30), agent: "Agent New"),
            Full("M-01", Start.AddHours(-30), agent: "Agent 2"),
            Full("M-05", Start.AddMinutes(-21), agent: "Agent 0"),
        };
        batch[0].PrimaryAgentTier = "TIER3";
        batch[3].ConversationScore = 1.5;
        await writer.WriteAsync(batch.Select(r => new ScoredRow(r, "h")).ToList(), clearFailures: false, Ct);

        await using var db = database.Factory.CreateDbContext();
        var kept = await RollupTextAsync(db);
        await MetricsRollupMaintenance.RebuildAsync(db, Ct);
        Assert.Equal(await RollupTextAsync(db), kept);
        Assert.Contains(kept, line => line.StartsWith("||", StringComparison.Ordinal) && line.EndsWith("|TIER3", StringComparison.Ordinal));
        Assert.Equal(15, kept.Where(line => line.StartsWith("||", StringComparison.Ordinal)).Sum(line => int.Parse(line.Split('|')[3], System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static ProcessedConversation Full(string key, DateTime? end = null, string? agent = "Agent Ölmez") => new()
    {
        IssueKey = key,
        Status = "Resolved",
        Resolution = "Done",
        Hub = "Nordics",
        Reporter = "Ana O'Neil",
        CreatedUtc = Start.AddMinutes(-3),
        ConversationStartUtc = end is null ? Start : end.Value.AddMinutes(-90),
        ConversationEndUtc = end,
        DurationMinutes = 90.25,
        DurationToResolutionMinutes = 12.5,
        FirstAgentResponseMinutes = 1.0 / 3,
        AvgAgentResponseMinutes = 4,
        AvgCustomerResponseMinutes = 1e-7,
        MessagesTotal = 7,
        MessagesAgent = 3,
        MessagesCustomer = 3,
        MessagesInternal = 1,
        Turns = 5,
        AgentAuthors = "712020:a;712020:b",
        CustomerAuthors = "557058:c",
        FirstResponder = "712020:a",
        FirstResponderTier = "TIER1",
        PrimaryAgent = agent,
        PrimaryAgentTier = agent is null ? null : "TIER2",
        InitialResponseSla5m = true,
        InitialResponseSla15m = false,
        AgentProfanityCount = 2,
        AgentProfanityDetected = true,
        CustomerAbuseCount = 0,
        CustomerAbuseDetected = false,
        EscalatedTier1ToTier2 = true,
        HandedOverFromTier1 = false,
        ScorerKind = ScorerKinds.Llm,
        ScorerVersion = "llm/x",
        Model = "gpt-5-nano",
        PromptVersion = "p3",
        Summary = "Printer \"jam\" — fixed; 日本語 ✓",
        ConversationRating = 4,
        AgentScore = 4.5,
        CustomerScore = 3.25,
        ConversationScore = 3.875,
        Resolved = true,
        ResolutionMessageIndex = 5,
        ResolutionTimestampUtc = Start.AddTicks(1234567),
        ProblemExtract = "p",
        ResolutionExtract = "r",
        StepsJson = """["a","b"]""",
        ContactReason = "Hardware fault",
        ContactReasonRaw = "hardware",
        ContactReasonOriginal = "Printers",
        ContactReasonChanged = true,
        ReasonOverrideWhy = "w",
        ResolutionWhy = "y",
        SentimentPrimary = "Neutral",
        SentimentScoresJson = """{"Neutral":1}""",
        ImprovementTip = "t",
        NeedsImprovement = false,
        ScoreReasonsJson = """{"reasons":{}}""",
        InputTokens = 2000,
        CachedInputTokens = 1000,
        OutputTokens = 1500,
        CostUsd = 0.000655,
        JobId = Guid.Parse("6f1c2a7e-0b3d-4c5e-9f80-a1b2c3d4e5f6"),
        ProcessedAtUtc = Start.AddSeconds(1),
    };

    private static PreparedConversation Prepared(string key) => new()
    {
        IssueKey = key,
        Summary = "Printer \"jam\" — 日本語",
        Reporter = "Ana O'Neil",
        ReporterAccountId = "557058:0f1e2d3c",
        Status = "Open",
        Resolution = "",
        CreatedUtc = Start,
        UpdatedUtc = Start.AddTicks(7),
        Hub = "Nordics",
        ContactReason = null,
        CustomFieldsJson = """{"Hub":"Nordics"}""",
        ThreadJson = "[]",
        TokenCount = 12,
        TrimJson = null,
        Source = "x.csv",
        PreparedAtUtc = Start,
        ContentHash = "h",
    };

    private static ProcessedConversation Sparse(string key) => new() { IssueKey = key, ScorerKind = ScorerKinds.Heuristic, ScorerVersion = "h" };

    /// <summary>Every column of the row as the database renders it, the key left out.</summary>
    private static async Task<List<string?>> ColumnsAsync(TestDatabase database, string key, string tableName = "jira_processed_conversations", Type? entity = null)
    {
        await using var db = database.Factory.CreateDbContext();
        var table = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(tableName);
        var columns = db.Model.FindEntityType(entity ?? typeof(ProcessedConversation))!.GetProperties().Select(p => p.GetColumnName(table)!).Where(c => c != "issue_key").ToList();
        var render = db.Database.IsSqlite() ? columns.Select(c => $"quote({c})") : columns.Select(c => $"{c}::text");
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", render)} FROM {tableName} WHERE issue_key = '{key}'";
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        return columns.Select((c, i) => $"{c}={(reader.IsDBNull(i) ? "NULL" : reader.GetString(i))}").ToList<string?>();
    }

    private static async Task<List<string>> RollupTextAsync(JiraQualityDbContext db) =>
        (await db.MetricsHourlyRollups.AsNoTracking().ToListAsync(Ct))
            .Select(r => $"{r.Dimension}|{r.Value}|{r.HourUtc:O}|{r.Count}|{r.ScoreSum:F6}|{r.ScoreN}|{r.AgentScoreN}|{r.ResolvedYes}|{r.FirstResponseSum:F6}|{r.Sla5mYes}|{r.ProfanityHits}|{r.CostSum:F9}|{r.MaxTier}")
            .Select(text => text.Replace("Z|", "|", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
}
