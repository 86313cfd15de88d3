using System.Text;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Csv;
using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace JiraQuality.Tests.Ingestion;

/// <summary>Latin-1 exports, duplicated known headers and oversized cells: warnings and row rejections, never a lost file.</summary>
public sealed class CsvEncodingAndHeaderTests
{
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    private static (List<Core.Conversations.JiraTicket> Tickets, ImportFileReport Report) Read(byte[] bytes)
    {
        var options = new IngestionOptions();
        var report = new ImportFileReport("export.csv", 100);
        var tickets = new JiraCsvReader(options, JiraDateParser.FromOptions(options)).Read(new MemoryStream(bytes), report).ToList();
        return (tickets, report);
    }

    private static string LatinExport() => CsvText.File(
        "Issue key,Summary,Reporter,Status,Resolution,Created,Updated,Comment",
        "CC-1,Bike,Rider One,Done,Done,03/11/2025 09:00,03/11/2025 09:30,\"03/Nov/25 9:00 AM;qm:1;hello\"",
        "CC-2,Doca não liberta,José Conceição,Done,Done,03/11/2025 09:00,03/11/2025 09:30,\"03/Nov/25 9:00 AM;qm:1;Olá, a doca não liberta a bicicleta — €5 cobrados\"");

    [Fact]
    public void A_windows_1252_export_without_a_bom_is_read_as_windows_1252_with_a_warning_naming_the_line()
    {
        var (tickets, report) = Read(Windows1252.GetBytes(LatinExport()));

        Assert.Equal("José Conceição", tickets[1].Reporter);
        Assert.Equal("Doca não liberta", tickets[1].Summary);
        Assert.Equal("Olá, a doca não liberta a bicicleta — €5 cobrados", tickets[1].Comments[0].Body);
        var warning = Assert.Single(report.Warnings);
        Assert.Equal(3, warning.Line);
        Assert.Equal("Summary", warning.Column);
        Assert.Contains("not valid UTF-8", warning.Message);
        Assert.Contains("read as Windows-1252", warning.Message);
        Assert.DoesNotContain(tickets.SelectMany(t => new[] { t.Reporter, t.Summary }), v => v.Contains('\uFFFD'));
    }

    [Fact]
    public void A_utf8_export_is_read_as_utf8_without_a_warning()
    {
        var (tickets, report) = Read(Encoding.UTF8.GetBytes(LatinExport()));

        Assert.Equal("José Conceição", tickets[1].Reporter);
        Assert.Empty(report.Warnings);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_latin1_export_is_stored_with_its_accents(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(database);
        var path = Path.Combine(kit.DataDirectory, "latin1.csv");
        await File.WriteAllBytesAsync(path, Windows1252.GetBytes(LatinExport()), TestContext.Current.CancellationToken);

        var report = await kit.ImportAsync(path);

        Assert.True(report.Succeeded, report.ToText());
        Assert.Contains("read as Windows-1252", report.ToText());
        await using var db = database.Factory.CreateDbContext();
        var row = await db.PreparedConversations.SingleAsync(p => p.IssueKey == "CC-2", TestContext.Current.CancellationToken);
        Assert.Equal("José Conceição", row.Reporter);
        Assert.Contains("não liberta", row.ThreadJson);
    }

    [Fact]
    public void A_second_issue_key_column_is_a_warning_naming_both_columns_and_the_first_is_read()
    {
        var csv = CsvText.File(
            "Issue key,Summary,Issue key,Status,Comment",
            "CC-1,Bike stuck,OLD-9,Done,",
            "CC-2,Dock,OLD-10,Done,");

        var (tickets, report) = Read(Encoding.UTF8.GetBytes(csv));

        Assert.Equal(["CC-1", "CC-2"], tickets.Select(t => t.IssueKey));
        var warning = Assert.Single(report.Warnings);
        Assert.Equal(1, warning.Line);
        Assert.Equal("Issue key", warning.Column);
        Assert.Contains("column 1 'Issue key' and column 3 'Issue key'", warning.Message);
        Assert.Contains("only column 1 is read", warning.Message);
    }

    [Fact]
    public void Any_duplicated_known_header_is_warned_about_but_repeated_comment_and_custom_field_columns_are_not()
    {
        var csv = CsvText.File(
            "Issue key,Created,Summary,Created.1,Custom field (Contact Reason),Custom field (Contact Reason),Comment,Comment",
            "CC-1,03/11/2025 09:00,Bike,04/11/2025 09:00,,Refund,,");

        var (_, report) = Read(Encoding.UTF8.GetBytes(csv));

        var warning = Assert.Single(report.Warnings);
        Assert.Equal("Created", warning.Column);
        Assert.Contains("column 2 'Created' and column 4 'Created.1'", warning.Message);
    }

    [Fact]
    public void One_oversized_cell_rejects_its_row_naming_the_line_and_the_other_rows_are_read()
    {
        var huge = new string('x', JiraCsvReader.MaxCellLength + 1);
        var csv = CsvText.File(
            CsvText.Header(),
            CsvText.Row("CC-1"),
            CsvText.Row("CC-2", "03/11/2025 09:30", CsvText.Comment("03/Nov/25 9:00 AM", CsvText.Customer, huge)),
            CsvText.Row("CC-3"));

        var (tickets, report) = Read(Encoding.UTF8.GetBytes(csv));

        Assert.Equal(["CC-1", "CC-3"], tickets.Select(t => t.IssueKey));
        var rejected = Assert.Single(report.Rejected);
        Assert.Equal(3, rejected.Line);
        Assert.Equal("Comment", rejected.Column);
        Assert.Contains("over the 1,048,576-character cell limit", rejected.Message);
    }

    [Fact]
    public void A_cell_far_larger_than_the_old_four_megabyte_field_limit_costs_its_row_only()
    {
        var huge = new string('y', (5 * 1024 * 1024) + 7);
        var csv = CsvText.File(CsvText.Header(), CsvText.Row("CC-1", "03/11/2025 09:30", huge), CsvText.Row("CC-2"));

        var (tickets, report) = Read(Encoding.UTF8.GetBytes(csv));

        Assert.Equal(["CC-2"], tickets.Select(t => t.IssueKey));
        Assert.Equal(2, Assert.Single(report.Rejected).Line);
    }
}
