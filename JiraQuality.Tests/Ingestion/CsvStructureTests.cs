using System.Text;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Csv;
using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Tests.Ingestion;

/// <summary>Structural damage in a CSV file fails the file with its line, and keeps what was read before it.</summary>
public sealed class CsvStructureTests
{
    private const string UnclosedExport = "Summary,Issue key,Comment\n\"unclosed,QZT-1,x\nok,QZT-2,y\n";

    [Fact]
    public void An_open_quote_that_swallows_the_rest_of_the_file_is_a_structural_error_not_a_rejected_row()
    {
        var options = new IngestionOptions();
        var reader = new JiraCsvReader(options, JiraDateParser.FromOptions(options));
        var report = new ImportFileReport("unclosed.csv", 100);

        var error = Assert.Throws<CsvImportException>(() => reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(UnclosedExport)), report).ToList());

        Assert.Equal(2, error.Line);
        Assert.Contains("never closed", error.Reason);
        Assert.Contains("swallowed the 1 line(s) after it", error.Reason);
        Assert.Equal(0, report.RejectedCount);
    }

    [Fact]
    public void An_open_quote_in_the_last_column_fails_the_file_even_when_the_field_count_matches()
    {
        var csv = CsvText.File(CsvText.Header(), CsvText.Row("CC-1"), CsvText.Row("CC-2")[..^1] + "\"still open", CsvText.Row("CC-3"), CsvText.Row("CC-4"));
        var options = new IngestionOptions();
        var reader = new JiraCsvReader(options, JiraDateParser.FromOptions(options));

        var error = Assert.Throws<CsvImportException>(() => reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), new ImportFileReport("x.csv", 10)).ToList());

        Assert.Equal(3, error.Line);
        Assert.Contains("swallowed the 2 line(s) after it", error.Reason);
    }

    [Fact]
    public void An_open_quote_that_reaches_the_field_limit_stops_the_file_naming_its_line_and_the_lines_it_swallowed()
    {
        var line = new string('z', 1024 * 1024);
        var text = new StringBuilder();
        text.Append(CsvText.Header()).Append("\r\n").Append(CsvText.Row("CC-1")).Append("\r\n").Append("CC-2,\"");
        for (var i = 0; i < 20; i++)
        {
            text.Append(line).Append("\r\n");
        }

        var options = new IngestionOptions { MaxFileSizeBytes = long.MaxValue };
        var reader = new JiraCsvReader(options, JiraDateParser.FromOptions(options));
        var read = new List<string>();

        var error = Assert.Throws<CsvImportException>(() =>
        {
            foreach (var ticket in reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), new ImportFileReport("x.csv", 10)))
            {
                read.Add(ticket.IssueKey);
            }
        });

        Assert.Equal(["CC-1"], read);
        Assert.Equal(3, error.Line);
        Assert.Matches(@"still open after 16 M characters, so its closing quote is missing; it swallowed 1[5-6] more line\(s\)", error.Reason);
    }

    [Fact]
    public void A_closed_quote_followed_by_stray_text_is_still_only_a_rejected_row()
    {
        var csv = CsvText.File(CsvText.Header(), "CC-1,\"ab\"cd,x,Done,Done,,,,,,,,,", CsvText.Row("CC-2"));
        var options = new IngestionOptions();
        var reader = new JiraCsvReader(options, JiraDateParser.FromOptions(options));
        var report = new ImportFileReport("x.csv", 10);

        var tickets = reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(csv)), report).ToList();

        Assert.Equal(["CC-2"], tickets.Select(t => t.IssueKey));
        Assert.Equal(2, Assert.Single(report.Rejected).Line);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_with_an_open_quote_is_reported_failed_and_the_rows_before_it_are_stored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(database, new IngestionOptions { BatchSize = 50 });
        var path = kit.WriteFile("broken.csv", CsvText.File(
            CsvText.Header(), CsvText.Row("CC-1"), CsvText.Row("CC-2"), "CC-3,\"open,x,Done,Done,,,,,,,,,", CsvText.Row("CC-4"), CsvText.Row("CC-5")));

        var report = await kit.ImportAsync(path);

        var file = Assert.Single(report.Files);
        Assert.False(file.Succeeded);
        Assert.Equal(4, file.Error!.Line);
        Assert.Contains("swallowed the 2 line(s) after it", file.Error.Message);
        Assert.Equal(2, file.Created);
        Assert.Contains("broken.csv: FAILED — line 4: a quoted field opened on this line is never closed", report.ToText());
        await using var db = database.Factory.CreateDbContext();
        Assert.Equal(["CC-1", "CC-2"], await db.PreparedConversations.Select(p => p.IssueKey).OrderBy(k => k).ToListAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_over_the_size_limit_is_refused_from_its_length_before_any_row_is_read_or_stored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var rows = Enumerable.Range(1, 40).Select(i => CsvText.Row($"CC-{i}")).ToList();
        var content = CsvText.File([CsvText.Header(), .. rows]);
        var limit = Encoding.UTF8.GetByteCount(content) - 10;
        var kit = new IngestionTestKit(database, new IngestionOptions { MaxFileSizeBytes = limit, BatchSize = 1 });
        var path = kit.WriteFile("big.csv", content);

        var report = await kit.ImportAsync(path);

        var file = Assert.Single(report.Files);
        Assert.False(file.Succeeded);
        Assert.Contains($"over the {JiraCsvReader.SizeText(limit)} limit (Ingestion:MaxFileSizeBytes); nothing was read from it.", file.Error!.Message);
        Assert.Equal((0, 0), (file.RowsRead, file.Created));
        await using var db = database.Factory.CreateDbContext();
        Assert.Equal(0, await db.PreparedConversations.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_open_stream_with_a_known_length_over_the_limit_is_refused_before_reading(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var content = Encoding.UTF8.GetBytes(CsvText.File([CsvText.Header(), .. Enumerable.Range(1, 20).Select(i => CsvText.Row($"CC-{i}"))]));
        var kit = new IngestionTestKit(database, new IngestionOptions { MaxFileSizeBytes = content.Length / 2, BatchSize = 1 });
        var report = new ImportFileReport("upload.csv", 10);
        await using var stream = new MemoryStream(content);

        var error = await Assert.ThrowsAsync<CsvImportException>(() => kit.Import.ImportStreamAsync(stream, report, new CsvImportRequest(), null, TestContext.Current.CancellationToken));

        Assert.Contains("nothing was read from it", error.Reason);
        Assert.Equal(0, stream.Position);
        await using var db = database.Factory.CreateDbContext();
        Assert.Equal(0, await db.PreparedConversations.CountAsync(TestContext.Current.CancellationToken));
    }
}
