using JiraQuality.Core.Reporting.Exports;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace JiraQuality.Tests.Scoring;

public sealed class ScoredCsvTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    internal const string FirstLayoutHeader =
        "issue_key,status,resolution,custom_field_hub,conversation_start,conversation_end,duration_minutes,first_agent_response_minutes,avg_agent_response_minutes,avg_customer_response_minutes,messages_total,messages_agent,messages_customer,turns,agent_authors,customer_authors,initial_response_sla_5m,initial_response_sla_15m,agent_profanity_detected,agent_profanity_count,customer_abuse_detected,customer_abuse_count,llm_summary_250,conversation_rating,extract_customer_problem,contact_reason,contact_reason_original,agent_score,customer_score,resolved,improvement_tip,llm_model,llm_input_tokens,llm_output_tokens,llm_cost_usd";

    // As re-saved by a spreadsheet: upper-case booleans, stripped decimals, and a blank export row.
    internal const string FirstLayout = FirstLayoutHeader + "\n" +
        "CC-39389,Done,Done,Lisbon,2025-10-24T00:38:00+00:00,2025-10-24T00:40:00+00:00,2,,0.5,1,6,3,3,1,712020:a;712020:b,qm:c,,,FALSE,0,TRUE,1,\"Dock fault, bike released\",4,Dock won't release,Rental finish issue,Rental start issue,4,5,TRUE,Reply faster,gpt-4o-mini,2540,310,0.00496\n" +
        ",,,,,,,,,,0,0,0,0,,,,,FALSE,0,FALSE,0,,,,,,,,FALSE,,,,,\n";

    private static readonly string LaterLayoutHeader = string.Join(',',
        "issue_key,status,resolution,custom_field_hub,conversation_start,conversation_end,duration_minutes,duration_to_resolution,first_agent_response_minutes,avg_agent_response_minutes,avg_customer_response_minutes,messages_total,messages_agent,messages_customer,turns,agent_authors,customer_authors,initial_response_sla_5m,initial_response_sla_15m,agent_profanity_detected,agent_profanity_count,customer_abuse_detected,customer_abuse_count,llm_summary_250,conversation_rating,problem_extract,resolution_extract,steps_extract,resolution_timestamp_iso,resolution_message_index,contact_reason,contact_reason_original,contact_reason_change,reason_override_why,resolution_why,customer_sentiment_primary,customer_sentiment_scores,agent_profanity_detected,agent_profanity_count,customer_abuse_detected,customer_abuse_count,agent_score,customer_score,resolved,is_resolved,improvement_tip,llm_model,llm_input_tokens,llm_output_tokens,llm_cost_usd");

    // The second row had no LLM answer: the predecessor still wrote resolved=false, Neutral 1.0 and change=false.
    private static readonly string LaterLayout = LaterLayoutHeader + "\n" +
        "CC-41090,Done,Done,Porto,2025-11-03T09:00:00+00:00,2025-11-03T09:25:00+00:00,25.00,22.00,2.00,6.00,5.67,8,3,4,4,712020:1;712020:2,qm:x,true,true,false,0,false,0,Released remotely,5,Dock stuck,Released remotely,\"[\"\"Asked for ID\"\"]\",2025-11-03T09:22:00+00:00,7,Rental finish issue,Rental finish issue,false,,Fixed,Convenience,\"{\"\"Neutral\"\":0.5,\"\"Convenience\"\":0.5}\",false,0,false,0,4,5,true,true,Be quicker,gpt-5-nano,2000,1500,0.000700\n" +
        "CC-41091,Done,,Porto,2025-11-04T09:00:00+00:00,2025-11-04T09:05:00+00:00,5.00,,,,,0,0,0,0,,,,,false,0,false,0,,,,,[],,,,,false,,,Neutral,\"{\"\"Neutral\"\":1.0}\",false,0,false,0,,,false,false,,gpt-5-nano,,,\n";

    private static ScoredCsvImporter Importer(TestDatabase database) =>
        new(database.Factory, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 6, 0, 0, TimeSpan.Zero)));

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Both_predecessor_layouts_import_as_labelled_history_without_fake_defaults(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var importer = Importer(database);

        var first = await importer.ImportAsync(new StringReader(FirstLayout), "convo_quality_550.csv", false, new RecordingProgress(), Ct);
        var later = await importer.ImportAsync(new StringReader(LaterLayout), "convo_quality_Nov_5-mini.csv", false, new RecordingProgress(), Ct);

        Assert.Equal((ScoredCsvImporter.LayoutFirst, 1, 1), (first.Layout, first.Imported, first.SkippedBlank));
        Assert.Equal((ScoredCsvImporter.LayoutLater, 2), (later.Layout, later.Imported));
        await using var db = database.Factory.CreateDbContext();
        var rows = await db.ProcessedConversations.AsNoTracking().ToDictionaryAsync(r => r.IssueKey, Ct);

        var old = rows["CC-39389"];
        Assert.Equal(ScorerKinds.Imported, old.ScorerKind);
        Assert.Equal("gpt-4o-mini", old.Model);
        Assert.Equal("Dock won't release", old.ProblemExtract);
        Assert.Equal(0.00496, old.CostUsd);
        Assert.True(old.CustomerAbuseDetected);
        Assert.Null(old.FirstAgentResponseMinutes);
        Assert.Null(old.InitialResponseSla5m);
        Assert.Equal(4.5, old.ConversationScore);
        Assert.Null(old.PrimaryAgent); // two agents, and the file lost who answered most
        Assert.Contains("convo_quality_550.csv", old.ScoreReasonsJson);

        var scored = rows["CC-41090"];
        Assert.Equal(new DateTime(2025, 11, 3, 9, 22, 0), scored.ResolutionTimestampUtc);
        Assert.Equal(22, scored.DurationToResolutionMinutes);
        Assert.Equal(7, scored.ResolutionMessageIndex);
        Assert.Equal("Convenience", scored.SentimentPrimary);
        Assert.True(scored.Resolved);
        Assert.False(scored.ContactReasonChanged);
        Assert.Equal("""["Asked for ID"]""", scored.StepsJson);

        var unjudged = rows["CC-41091"];
        Assert.Null(unjudged.Resolved);
        Assert.Null(unjudged.SentimentPrimary);
        Assert.Null(unjudged.SentimentScoresJson);
        Assert.Null(unjudged.ContactReasonChanged);
        Assert.Null(unjudged.StepsJson);
        Assert.Null(unjudged.ConversationScore);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_bad_value_rejects_the_file_naming_line_and_column_and_keeps_what_is_stored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Factory.CreateDbContext())
        {
            db.ProcessedConversations.Add(new ProcessedConversation { IssueKey = "CC-41090", ScorerKind = ScorerKinds.Llm, ScorerVersion = "llm/p1", Summary = "ours" });
            await db.SaveChangesAsync(Ct);
        }

        var broken = LaterLayout.Replace("0.000700", "cheap", StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            Importer(database).ImportAsync(new StringReader(broken), "broken.csv", false, new RecordingProgress(), Ct));
        Assert.Contains("broken.csv line 2, column llm_cost_usd: 'cheap' is not a number.", error.Message);

        var notScored = await Assert.ThrowsAsync<InvalidDataException>(() =>
            Importer(database).ImportAsync(new StringReader("key,text\nA,b\n"), "tickets.csv", false, new RecordingProgress(), Ct));
        Assert.Contains("tickets.csv", notScored.Message);
        Assert.Contains("issue_key", notScored.Message);

        // A good file leaves conversations scored here alone unless asked to replace them.
        var kept = await Importer(database).ImportAsync(new StringReader(LaterLayout), "later.csv", false, new RecordingProgress(), Ct);
        Assert.Equal((1, 1), (kept.Imported, kept.SkippedExisting));
        await using (var db = database.Factory.CreateDbContext())
        {
            Assert.Equal("ours", (await db.ProcessedConversations.SingleAsync(p => p.IssueKey == "CC-41090", Ct)).Summary);
            Assert.Equal(2, await db.ProcessedConversations.CountAsync(Ct));
        }

        var replaced = await Importer(database).ImportAsync(new StringReader(LaterLayout), "later.csv", true, new RecordingProgress(), Ct);
        Assert.Equal(2, replaced.Imported);
        await using (var db = database.Factory.CreateDbContext())
        {
            Assert.Equal("Released remotely", (await db.ProcessedConversations.SingleAsync(p => p.IssueKey == "CC-41090", Ct)).Summary);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Analysis_export_starts_with_the_predecessor_50_columns_then_ours_and_reimports(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var db = database.Factory.CreateDbContext())
        {
            db.PreparedConversations.Add(ScoringTestSupport.Prepared(ConversationBuilder.WorkedExample()));
            await db.SaveChangesAsync(Ct);
        }

        await ScoringTestSupport.Service(database.Factory).RunAsync(new ProcessingRequest { Scorer = new() { NoLlm = true } }, new RecordingProgress(), Ct);

        var exporter = new AnalysisCsvExporter(database.Factory);
        var text = new StringWriter();
        var count = await exporter.WriteAsync(text, new AnalysisExportFilter { ScorerKind = ScorerKinds.Heuristic }, Ct);
        Assert.Equal(1, count);
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var header = lines[0].Split(',');
        Assert.Equal(LaterLayoutHeader.Split(','), header.Take(50));
        Assert.Equal(AnalysisCsvExporter.PredecessorColumns, header.Take(AnalysisCsvExporter.PredecessorColumns.Count));
        Assert.Contains("scorer_kind", header);
        using var reader = new CsvHelper.CsvReader(new StringReader(text.ToString()), System.Globalization.CultureInfo.InvariantCulture);
        reader.Read();
        reader.ReadHeader();
        reader.Read();
        Assert.Equal("DEMO-101", reader.GetField("issue_key"));
        Assert.Equal("2025-11-03T09:00:00+00:00", reader.GetField("conversation_start"));
        Assert.Equal("2.00", reader.GetField("first_agent_response_minutes"));
        Assert.Equal("5.00", reader.GetField("avg_customer_response_minutes"));
        Assert.Equal("712020:1111;712020:2222", reader.GetField("agent_authors"));
        Assert.Equal("heuristic", reader.GetField("scorer_kind"));
        Assert.Equal("", reader.GetField("llm_summary_250"));
        Assert.Equal("", reader.GetField("customer_sentiment_scores"));
        Assert.Equal("", reader.GetField("contact_reason_change"));

        var empty = await exporter.WriteAsync(new StringWriter(), new AnalysisExportFilter { ScorerKind = ScorerKinds.Llm }, Ct);
        Assert.Equal(0, empty);

        // The export reads back as a scored CSV, so it can move history between installations.
        await using var other = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var reimported = await Importer(other).ImportAsync(new StringReader(text.ToString()), "analysis.csv", false, new RecordingProgress(), Ct);
        Assert.Equal(1, reimported.Imported);
    }

    [Fact]
    public async Task Analysis_export_keeps_the_predecessor_50_columns_in_order_with_the_llm_judgement_in_the_second_copy()
    {
        var row = new ProcessedConversation
        {
            IssueKey = "QZT-7",
            Status = "Done",
            ScorerKind = ScorerKinds.Llm,
            ScorerVersion = "llm/test",
            AgentProfanityDetected = false,
            AgentProfanityCount = 0,
            CustomerAbuseDetected = true,
            CustomerAbuseCount = 3,
            AgentScore = 4,
            CustomerScore = 2,
            Resolved = true,
            ImprovementTip = "Confirm the fix",
            Model = "gpt-5-nano",
            ScoreReasonsJson = new AssessmentDetails { LlmLanguage = new LanguageJudgement(true, 2, false, 0) }.ToJson(),
        };
        var text = new StringWriter();
        await AnalysisCsvExporter.WriteRowsAsync(text, AsAsync([row]), Ct);

        using var reader = new CsvHelper.CsvReader(new StringReader(text.ToString()), System.Globalization.CultureInfo.InvariantCulture);
        reader.Read();
        reader.ReadHeader();
        var header = reader.HeaderRecord!;
        var predecessor = LaterLayoutHeader.Split(',');
        Assert.Equal(50, predecessor.Length);
        Assert.Equal(predecessor, header.Take(50));
        Assert.Equal("scorer_kind", header[50]);
        Assert.DoesNotContain(header.Skip(50), name => predecessor.Contains(name) || name.StartsWith("llm_agent_", StringComparison.Ordinal));

        reader.Read();
        // Positions 20-23 (1-based) hold the keyword counts, 38-41 the predecessor's final value: the LLM's where it gave one.
        Assert.Equal(["false", "0", "true", "3"], Enumerable.Range(19, 4).Select(i => reader.GetField(i)!));
        Assert.Equal(["true", "2", "false", "0"], Enumerable.Range(37, 4).Select(i => reader.GetField(i)!));
        Assert.Equal(["4", "2", "true", "true", "Confirm the fix", "gpt-5-nano"], Enumerable.Range(41, 6).Select(i => reader.GetField(i)!));
    }

    private static async IAsyncEnumerable<ProcessedConversation> AsAsync(IEnumerable<ProcessedConversation> rows)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }
}
