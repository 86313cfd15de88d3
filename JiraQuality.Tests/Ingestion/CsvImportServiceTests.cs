using System.Text.Json;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Core.Ingestion.Normalising;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Ingestion.Roles;
using JiraQuality.Benchmarks.Sample;
using JiraQuality.Core.Ingestion.Sample;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Tests.Ingestion;

public sealed class CsvImportServiceTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Generated_export_imports_once_and_reimports_as_unchanged(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(database, new IngestionOptions { BatchSize = 40 });
        var path = new SampleExportGenerator(new SampleExportSettings { Tickets = 150 }).WriteFile(Path.Combine(kit.DataDirectory, "export.csv"));
        var progress = new RecordingProgress();

        var first = await kit.Import.ImportAsync([ImportFile.FromPath(path)], new CsvImportRequest(), progress, TestContext.Current.CancellationToken);
        var second = await kit.ImportAsync(path);

        Assert.True(first.Succeeded, first.ToText());
        Assert.Equal((150, 150, 0, 0, 0), (first.RowsRead, first.Created, first.Updated, first.Unchanged, first.Rejected));
        Assert.Equal((150, 0, 0, 150), (second.RowsRead, second.Created, second.Updated, second.Unchanged));
        Assert.Equal(150, progress.Last.Completed);
        Assert.Equal(150, progress.Last.Total);
        Assert.Contains(progress.Reports, r => r.Item is not null && r.Item.StartsWith("CC-", StringComparison.Ordinal));
        Assert.True(progress.Reports.Count >= 4, "progress is reported per batch");
        await using var db = database.Factory.CreateDbContext();
        Assert.Equal(150, await db.PreparedConversations.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_newer_export_updates_changed_tickets_only(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(database);
        var c1 = CsvText.Comment("03/Nov/25 9:00 AM", CsvText.Customer, "bike stuck");
        var oldFile = kit.WriteFile("old.csv", CsvText.File(CsvText.Header(), CsvText.Row("CC-1", "03/11/2025 09:30", c1), CsvText.Row("CC-2", "03/11/2025 09:30", c1)));
        var newFile = kit.WriteFile("new.csv", CsvText.File(CsvText.Header(),
            CsvText.Row("CC-1", "03/11/2025 10:30", c1, CsvText.Comment("03/Nov/25 10:00 AM", CsvText.Agent, "released it")),
            CsvText.Row("CC-2", "03/11/2025 09:30", c1),
            CsvText.Row("CC-3", "03/11/2025 09:30", c1)));
        await kit.ImportAsync(oldFile);
        await TicketIngestorTests.MarkProcessedAsync(database, "CC-1");
        await TicketIngestorTests.MarkProcessedAsync(database, "CC-2");

        var report = await kit.ImportAsync(newFile);

        Assert.Equal((1, 1, 1), (report.Created, report.Updated, report.Unchanged));
        Assert.False(await ScoredState.IsScoredAsync(database.Factory, "CC-1"));
        Assert.True(await ScoredState.IsScoredAsync(database.Factory, "CC-2"));
        Assert.Equal("new.csv", (await TicketIngestorTests.RowAsync(database, "CC-1")).Source);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_failing_batch_is_rolled_back_whole_and_earlier_batches_stay(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(database, new IngestionOptions { BatchSize = 3 });
        await RefuseInsertOfCc5Async(database, provider);
        var rows = Enumerable.Range(1, 8).Select(i => CsvText.Row($"CC-{i}", "03/11/2025 09:30", CsvText.Comment("03/Nov/25 9:00 AM", CsvText.Customer, $"m{i}"))).ToList();
        var path = kit.WriteFile("export.csv", CsvText.File([CsvText.Header(), .. rows]));

        var report = await kit.ImportAsync(path);

        var error = Assert.Single(report.Files).Error;
        Assert.NotNull(error);
        Assert.Contains("refused the batch CC-4 to CC-6", error.Message);
        Assert.Contains("the 3 tickets before it are", error.Message);
        await using var db = database.Factory.CreateDbContext();
        var stored = await db.PreparedConversations.Select(p => p.IssueKey).OrderBy(k => k).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["CC-1", "CC-2", "CC-3"], stored);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Bad_rows_are_reported_good_rows_kept_and_a_bad_file_does_not_stop_the_next(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(database);
        var mixed = kit.WriteFile("mixed.csv", CsvText.File(CsvText.Header(), CsvText.Row("CC-1"), "CC-2,short,row", CsvText.Row("CC-3")));
        var notCsv = Path.Combine(kit.DataDirectory, "photo.csv");
        await File.WriteAllBytesAsync(notCsv, [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0], TestContext.Current.CancellationToken);
        var noKey = kit.WriteFile("people.csv", "Name,Email\nAnn,a@example.org\n");
        var good = kit.WriteFile("good.csv", CsvText.File(CsvText.Header(), CsvText.Row("CC-4")));

        var report = await kit.ImportAsync(mixed, notCsv, noKey, good, Path.Combine(kit.DataDirectory, "missing.csv"));

        Assert.False(report.Succeeded);
        Assert.Equal((2, 1), (report.Files[0].Created, report.Files[0].RejectedCount));
        Assert.Equal(3, report.Files[0].Rejected[0].Line);
        Assert.Contains("not a CSV file", report.Files[1].Error!.Message);
        Assert.Contains("no 'Issue key' column", report.Files[2].Error!.Message);
        Assert.Equal(1, report.Files[2].Error!.Line);
        Assert.Equal(1, report.Files[3].Created);
        Assert.Contains("does not exist", report.Files[4].Error!.Message);
        var text = report.ToText();
        Assert.Contains("photo.csv: FAILED", text);
        Assert.Contains("rejected line 3", text);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Job_handler_imports_the_files_named_in_its_parameters_and_deletes_uploaded_copies(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(database);
        var path = kit.WriteFile("upload-1234.tmp", CsvText.File(CsvText.Header(), CsvText.Row("CC-1"), CsvText.Row("CC-2")));
        var archive = new ImportReportArchive();
        var handler = new CsvImportJobHandler(kit.Import, archive);
        var progress = new RecordingProgress();

        var result = await handler.RunAsync(CsvImportJobHandler.CreateRequest([new ImportFile(path, "march.csv")], JobRequesters.Page, deleteAfter: true, reportId: "r-1"), progress, TestContext.Current.CancellationToken);

        Assert.Equal(JobKinds.CsvImport, handler.Kind);
        Assert.Contains("2 created", result.Summary);
        Assert.Equal(0, result.Failed);
        Assert.Contains(progress.Lines, l => l.StartsWith("march.csv: imported", StringComparison.Ordinal));
        Assert.False(File.Exists(path));
        Assert.Equal(2, archive.Get("r-1")!.Created);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task First_start_imports_the_sample_shifted_to_now_only_into_an_empty_embedded_database(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(database);
        new SampleExportGenerator(new SampleExportSettings { Tickets = 60 }).WriteFile(kit.Paths.SampleExportFile);
        var service = new SampleImportService(
            new SampleOptions(), database.Options, kit.Options, kit.Paths, database.Factory, kit.Import, kit.Clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SampleImportService>.Instance);

        var report = await service.ImportIfFirstStartAsync(TestContext.Current.CancellationToken);

        if (provider == DatabaseProvider.Postgres)
        {
            Assert.Null(report);
            return;
        }

        Assert.NotNull(report);
        Assert.Equal(60, report.Created);
        await using (var db = database.Factory.CreateDbContext())
        {
            var latest = PreparedConversationMapping.AsUtc(await db.PreparedConversations.MaxAsync(p => p.UpdatedUtc, TestContext.Current.CancellationToken))!.Value;
            var now = kit.Clock.GetUtcNow().UtcDateTime;
            Assert.InRange(latest, now.AddMinutes(-6), now);
        }

        Assert.Null(await service.ImportIfFirstStartAsync(TestContext.Current.CancellationToken));
        var off = new SampleImportService(new SampleOptions { ImportOnFirstStart = false }, database.Options, kit.Options, kit.Paths, database.Factory, kit.Import, kit.Clock,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SampleImportService>.Instance);
        Assert.Null(await off.ImportIfFirstStartAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Jsonl_record_follows_the_predecessor_layout_and_redacts_on_request()
    {
        var normalizer = new ConversationNormalizer(new RoleResolver(new IngestionOptions(), AgentDirectorySnapshot.Empty), new ConversationTrimmer(12_000));
        var at = new DateTime(2025, 11, 3, 9, 0, 0, DateTimeKind.Utc);
        var ticket = ConversationBuilder.Ticket("DEMO-101", at.AddMinutes(25),
            (CsvText.Customer, at, "Hi, the dock won't release my bike, mail a@example.org"),
            (CsvText.Agent, at.AddMinutes(2), "Thanks for reaching out. Let me check."),
            ("automation", at.AddMinutes(25), "Ticket closed automatically 🙏 \\uD83D\\uDE4F")) with
        {
            CustomFields = new Dictionary<string, string> { ["hub"] = "Example Hub", ["contact_reason"] = "Rental finish issue", ["rental_id"] = "R-998877", ["bike_qr_code"] = "QR-1234" },
            Source = "export.csv",
        };
        var conversation = normalizer.Normalize(ticket);

        using var plain = new StringWriter();
        await ConversationJsonlWriter.WriteAsync([conversation, conversation], plain, redacted: false, TestContext.Current.CancellationToken);
        using var redacted = new MemoryStream();
        await ConversationJsonlWriter.WriteAsync(ToAsync(conversation), redacted, redacted: true, TestContext.Current.CancellationToken);

        var lines = plain.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var record = JsonDocument.Parse(lines[0]);
        var root = record.RootElement;
        Assert.Equal(
            ["issue_key", "user_summary", "reporter", "status", "resolution", "Rental ID", "Bike QR Code", "created", "updated", "due_date", "source_csv", "custom_fields", "comments", "merged_text", "merge_context_size_tokens"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("DEMO-101", root.GetProperty("issue_key").GetString());
        Assert.Equal("Rider One", root.GetProperty("reporter").GetString());
        Assert.Equal("R-998877", root.GetProperty("Rental ID").GetString());
        Assert.Equal("Example Hub", root.GetProperty("custom_fields").GetProperty("hub").GetString());
        Assert.False(root.GetProperty("custom_fields").TryGetProperty("rental_id", out _));
        var comments = root.GetProperty("comments").EnumerateArray().ToList();
        Assert.Equal(["~C", "~A", "~U"], comments.Select(c => c.GetProperty("role").GetString()));
        Assert.Equal("2025-11-03T09:02:00", comments[1].GetProperty("date").GetString());
        Assert.Equal(["date", "author", "role", "text", "internal_note", "index"], comments[0].EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("~C:Hi, the dock won't release my bike, mail a@example.org ~A:Thanks", root.GetProperty("merged_text").GetString());
        Assert.Equal(conversation.TokenCount, root.GetProperty("merge_context_size_tokens").GetInt32());

        // Non-ASCII text is written as it is, emoji included; a literal backslash-u text stays text.
        Assert.Contains("automatically 🙏 \\\\uD83D\\\\uDE4F", lines[0]);
        Assert.Equal("Ticket closed automatically 🙏 \\uD83D\\uDE4F", comments[2].GetProperty("text").GetString());

        using var redactedRecord = JsonDocument.Parse(redacted.ToArray());
        Assert.Equal("[reporter]", redactedRecord.RootElement.GetProperty("reporter").GetString());
        Assert.EndsWith("mail [email]", redactedRecord.RootElement.GetProperty("comments")[0].GetProperty("text").GetString());
    }

    private static async IAsyncEnumerable<Core.Conversations.Conversation> ToAsync(Core.Conversations.Conversation conversation)
    {
        await Task.Yield();
        yield return conversation;
    }

    private static async Task RefuseInsertOfCc5Async(TestDatabase database, DatabaseProvider provider)
    {
        await using var db = database.Factory.CreateDbContext();
        if (provider == DatabaseProvider.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync(
                "CREATE TRIGGER refuse BEFORE INSERT ON jira_prepared_conversations WHEN NEW.issue_key = 'CC-5' BEGIN SELECT RAISE(ABORT, 'refused'); END;",
                TestContext.Current.CancellationToken);
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync(
                """
                CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN IF NEW.issue_key = 'CC-5' THEN RAISE EXCEPTION 'refused'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER refuse BEFORE INSERT ON jira_prepared_conversations FOR EACH ROW EXECUTE FUNCTION refuse();
                """,
                TestContext.Current.CancellationToken);
        }
    }

    internal sealed class RecordingProgress : IJobProgress
    {
        private readonly Lock _gate = new();

        public List<(int Completed, int Total, string? Item)> Reports { get; } = [];
        public List<string> Lines { get; } = [];
        public (int Completed, int Total, string? Item) Last => Reports[^1];

        public void Report(int completed, int total, string? currentItem = null)
        {
            lock (_gate)
            {
                Reports.Add((completed, total, currentItem));
            }
        }

        public void Log(string line)
        {
            lock (_gate)
            {
                Lines.Add(line);
            }
        }
    }
}
