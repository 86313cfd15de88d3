using System.Text;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Csv;
using JiraQuality.Core.Ingestion.Import;

namespace JiraQuality.Tests.Ingestion;

public sealed class JiraCsvReaderTests
{
    private static (List<JiraTicket> Tickets, ImportFileReport Report) Read(string csv, IngestionOptions? options = null, bool bom = false)
    {
        options ??= new IngestionOptions();
        var bytes = Encoding.UTF8.GetBytes(csv);
        if (bom)
        {
            bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        }

        var report = new ImportFileReport("export.csv", 100);
        var reader = new JiraCsvReader(options, JiraDateParser.FromOptions(options));
        var tickets = reader.Read(new MemoryStream(bytes), report).ToList();
        return (tickets, report);
    }

    private static CsvImportException ReadFails(byte[] bytes, IngestionOptions? options = null)
    {
        options ??= new IngestionOptions();
        var reader = new JiraCsvReader(options, JiraDateParser.FromOptions(options));
        return Assert.Throws<CsvImportException>(() => reader.Read(new MemoryStream(bytes), new ImportFileReport("bad.csv", 100)).ToList());
    }

    [Theory]
    [InlineData(true, "\r\n")]
    [InlineData(false, "\n")]
    public void Reads_fields_with_or_without_bom_and_either_line_ending(bool bom, string newline)
    {
        var csv = string.Join(newline,
            CsvText.Header(),
            CsvText.Row("CC-1", "03/11/2025 09:30",
                CsvText.Comment("03/Nov/25 9:00 AM", CsvText.Customer, "Hi, the dock won't release my bike"),
                CsvText.Comment("03/Nov/25 9:02 AM", CsvText.Agent, "Thanks; let me check."))) + newline;

        var (tickets, report) = Read(csv, bom: bom);

        var ticket = Assert.Single(tickets);
        Assert.Equal("CC-1", ticket.IssueKey);
        Assert.Equal("Dock won't release bike", ticket.Summary);
        Assert.Equal("Rider One", ticket.Reporter);
        Assert.Equal(new DateTime(2025, 11, 3, 9, 0, 0, DateTimeKind.Utc), ticket.CreatedUtc);
        Assert.Equal("Lisboa", ticket.CustomFields[CustomFieldKeys.Hub]);
        Assert.Equal("4", ticket.CustomFields[CustomFieldKeys.SatisfactionRating]);
        Assert.Equal(2, ticket.Comments.Count);
        Assert.Equal(CsvText.Agent, ticket.Comments[1].AuthorId);
        Assert.Equal("Thanks; let me check.", ticket.Comments[1].Body);
        Assert.Equal(new DateTime(2025, 11, 3, 9, 2, 0, DateTimeKind.Utc), ticket.Comments[1].TimestampUtc);
        Assert.Equal(1, report.RowsRead);
        Assert.Equal(0, report.RejectedCount);
    }

    [Fact]
    public void Multi_line_cells_with_commas_semicolons_and_non_ascii_text_keep_line_numbers_right()
    {
        var body = "Olá! Line one, with a comma;\nline two; \"quoted\" — ✓\nline three";
        var csv = CsvText.File(
            CsvText.Header(),
            CsvText.Row("CC-1", "03/11/2025 09:30", CsvText.Comment("03/Nov/25 9:00 AM", CsvText.Customer, body)),
            "CC-2,Broken,Rider,Done,Done,not a date,03/11/2025 09:30,,,,,,,");

        var (tickets, report) = Read(csv);

        Assert.Equal(2, tickets.Count);
        Assert.Equal(body, tickets[0].Comments[0].Body);
        // The first row spans lines 2-4, so the second row starts on line 5.
        var warning = Assert.Single(report.Warnings);
        Assert.Equal(5, warning.Line);
        Assert.Equal("Created", warning.Column);
        Assert.Equal("not a date", warning.Value);
        Assert.Null(tickets[1].CreatedUtc);
    }

    [Fact]
    public void Reads_more_than_a_hundred_comment_columns_in_column_order()
    {
        const int columns = 120;
        var comments = Enumerable.Range(0, columns)
            .Select(i => CsvText.Comment($"03/Nov/25 {1 + (i / 60)}:{i % 60:00} AM", i % 2 == 0 ? CsvText.Customer : CsvText.Agent, $"message {i}"))
            .ToArray();
        var csv = CsvText.File(CsvText.Header(columns, "Comments"), CsvText.Row("CC-7", "03/11/2025 09:30", comments));

        var ticket = Assert.Single(Read(csv).Tickets);

        Assert.Equal(columns, ticket.Comments.Count);
        Assert.Equal("message 119", ticket.Comments[119].Body);
        Assert.Equal(Enumerable.Range(0, columns), ticket.Comments.Select(c => c.SourceOrder));
    }

    [Fact]
    public void Comment_cell_is_split_on_the_first_two_semicolons_only_and_a_cell_without_them_is_all_text()
    {
        var csv = CsvText.File(CsvText.Header(),
            CsvText.Row("CC-1", "03/11/2025 09:30",
                CsvText.Comment("13/Aug/25 9:13 PM", CsvText.Agent, "a; b; c;"),
                "just text without separators"));

        var ticket = Assert.Single(Read(csv).Tickets);

        Assert.Equal("a; b; c;", ticket.Comments[0].Body);
        Assert.Equal(new DateTime(2025, 8, 13, 21, 13, 0, DateTimeKind.Utc), ticket.Comments[0].TimestampUtc);
        Assert.Equal("just text without separators", ticket.Comments[1].Body);
        Assert.Null(ticket.Comments[1].AuthorId);
        Assert.Null(ticket.Comments[1].TimestampUtc);
    }

    [Fact]
    public void Unparseable_comment_date_is_reported_and_the_comment_kept_without_a_timestamp()
    {
        var csv = CsvText.File(CsvText.Header(), CsvText.Row("CC-1", "03/11/2025 09:30", CsvText.Comment("yesterday-ish", CsvText.Agent, "hello")));

        var (tickets, report) = Read(csv);

        var comment = Assert.Single(Assert.Single(tickets).Comments);
        Assert.Null(comment.TimestampUtc);
        Assert.Equal("hello", comment.Body);
        var warning = Assert.Single(report.Warnings);
        Assert.Equal(2, warning.Line);
        Assert.Equal("Comment #1", warning.Column);
        Assert.Equal("yesterday-ish", warning.Value);
    }

    [Fact]
    public void Two_contact_reason_columns_take_the_first_non_empty_and_every_custom_field_is_kept()
    {
        var csv = CsvText.File(
            "Issue key,Custom field (Contact Reason),Custom field (Contact Reason),Custom field (Refund Reason),Custom field (Dock),Custom field (Rental ID),Custom field (Bike QR Code),Custom field (Battery Level),Custom field: Hub,Comment",
            "CC-1,,Refund request,Battery died,12,R-998877,QR-1234,41%,Porto,",
            "CC-2,Payment issues,Refund request,,,,,,,");

        var (tickets, _) = Read(csv);

        Assert.Equal("Refund request", tickets[0].CustomFields[CustomFieldKeys.ContactReason]);
        Assert.Equal("Payment issues", tickets[1].CustomFields[CustomFieldKeys.ContactReason]);
        Assert.Equal("Battery died", tickets[0].CustomFields[CustomFieldKeys.RefundReason]);
        Assert.Equal("12", tickets[0].CustomFields[CustomFieldKeys.Dock]);
        Assert.Equal("R-998877", tickets[0].CustomFields[CustomFieldKeys.RentalId]);
        Assert.Equal("QR-1234", tickets[0].CustomFields[CustomFieldKeys.BikeQrCode]);
        Assert.Equal("41%", tickets[0].CustomFields["battery_level"]);
        Assert.Equal("Porto", tickets[0].CustomFields[CustomFieldKeys.Hub]);
    }

    [Fact]
    public void Older_export_with_colon_custom_fields_and_comments_headers_is_read()
    {
        var csv = CsvText.File(
            "Issue key,Summary,Reporter,Status,Resolution,Created,Updated,Custom field: Hub,Custom field: Contact reason,Custom field: Satisfaction rating,Comments,Comments",
            "ITSM-201,VPN down,Alice,Done,Done,2024-05-10T08:00:00+01:00,2024-05-10T09:00:00+0100,Lisbon,System outage,5,\"2024-05-10T08:05:00Z;alice;It is down, again\",");

        var ticket = Assert.Single(Read(csv).Tickets);

        Assert.Equal("Lisbon", ticket.CustomFields[CustomFieldKeys.Hub]);
        Assert.Equal("System outage", ticket.CustomFields[CustomFieldKeys.ContactReason]);
        Assert.Equal("5", ticket.CustomFields[CustomFieldKeys.SatisfactionRating]);
        Assert.Equal(new DateTime(2024, 5, 10, 7, 0, 0, DateTimeKind.Utc), ticket.CreatedUtc);
        Assert.Equal(new DateTime(2024, 5, 10, 8, 0, 0, DateTimeKind.Utc), ticket.UpdatedUtc);
        Assert.Equal(new DateTime(2024, 5, 10, 8, 5, 0, DateTimeKind.Utc), Assert.Single(ticket.Comments).TimestampUtc);
    }

    [Fact]
    public void Export_time_zone_setting_converts_naive_dates_to_utc()
    {
        var options = new IngestionOptions { ExportTimeZone = "Europe/London" };
        var csv = CsvText.File(CsvText.Header(), CsvText.Row("CC-1", "13/08/2025 21:13", CsvText.Comment("13/Aug/25 9:13 PM", CsvText.Agent, "hi")));

        var ticket = Assert.Single(Read(csv, options).Tickets);

        // British Summer Time is UTC+1.
        Assert.Equal(new DateTime(2025, 8, 13, 20, 13, 0, DateTimeKind.Utc), ticket.UpdatedUtc);
        Assert.Equal(new DateTime(2025, 8, 13, 20, 13, 0, DateTimeKind.Utc), ticket.Comments[0].TimestampUtc);
    }

    [Fact]
    public void Rows_with_bad_keys_or_wrong_field_counts_are_rejected_with_line_numbers_and_good_rows_kept()
    {
        var csv = CsvText.File(
            CsvText.Header(),
            CsvText.Row("CC-1"),
            ",,,,,,,,,,,,,",
            "CC-3,too,few,fields",
            CsvText.Row("not a key"),
            "CC-5,x,y,Done,Done,,,Lis\"boa,,,,,,",
            CsvText.Row("CC-6"));

        var (tickets, report) = Read(csv);

        // A row whose every cell is empty (Excel leaves them) is skipped and counted, not rejected.
        Assert.Equal(["CC-1", "CC-6"], tickets.Select(t => t.IssueKey));
        Assert.Equal((5, 1), (report.RowsRead, report.BlankRowsSkipped));
        Assert.Equal(3, report.RejectedCount);
        Assert.Equal([4, 5, 6], report.Rejected.Select(r => r.Line));
        Assert.Contains("4 fields but the header has 14", report.Rejected[0].Message);
        Assert.Contains("not a Jira issue key", report.Rejected[1].Message);
        Assert.Contains("broken quoting", report.Rejected[2].Message);
    }

    [Fact]
    public void A_quote_that_is_never_closed_stops_the_file_with_the_line_where_it_opened()
    {
        var lines = new List<string> { CsvText.Header(), CsvText.Row("CC-1") };
        lines.Add("CC-2,\"never closed,x,Done,Done,,,,,,,,,");
        lines.AddRange(Enumerable.Range(3, 5).Select(i => CsvText.Row($"CC-{i}")));
        var options = new IngestionOptions();
        var reader = new JiraCsvReader(options, JiraDateParser.FromOptions(options));
        var report = new ImportFileReport("open-quote.csv", 100);
        var read = new List<JiraTicket>();

        var error = Assert.Throws<CsvImportException>(() =>
        {
            foreach (var ticket in reader.Read(new MemoryStream(Encoding.UTF8.GetBytes(CsvText.File([.. lines]))), report))
            {
                read.Add(ticket);
            }
        });

        Assert.Equal(3, error.Line);
        Assert.Contains("never closed", error.Reason);
        Assert.Contains("swallowed the 5 line(s) after it", error.Reason);
        Assert.Equal(["CC-1"], read.Select(t => t.IssueKey));
        Assert.Equal(0, report.RejectedCount);
    }

    [Fact]
    public void Utf16_export_with_a_byte_order_mark_is_read()
    {
        var csv = CsvText.File(CsvText.Header(), CsvText.Row("CC-1", "03/11/2025 09:30", CsvText.Comment("03/Nov/25 9:00 AM", CsvText.Customer, "Olá ✓")));
        var options = new IngestionOptions();
        var reader = new JiraCsvReader(options, JiraDateParser.FromOptions(options));
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(csv)).ToArray();

        var ticket = Assert.Single(reader.Read(new MemoryStream(bytes), new ImportFileReport("utf16.csv", 10)));

        Assert.Equal("Olá ✓", ticket.Comments[0].Body);
    }

    [Fact]
    public void Empty_file_is_refused()
    {
        Assert.Contains("empty", ReadFails([]).Reason);
        Assert.Contains("empty", ReadFails([0xEF, 0xBB, 0xBF, (byte)'\r', (byte)'\n']).Reason);
    }

    [Fact]
    public void Binary_file_is_refused_as_not_csv()
    {
        var error = ReadFails([(byte)'P', (byte)'K', 3, 4, 0, 0, 1, 2]);
        Assert.Contains("not a CSV file", error.Reason);
        Assert.Equal("bad.csv", error.FileName);
        Assert.Contains("not a CSV file", ReadFails([(byte)'a', 0, (byte)'b']).Reason);
    }

    [Fact]
    public void Header_without_issue_key_is_refused_naming_line_one()
    {
        var error = ReadFails(Encoding.UTF8.GetBytes("Name,Email\nAlice,a@example.org\n"));
        Assert.Equal(1, error.Line);
        Assert.Contains("no 'Issue key' column", error.Reason);
        Assert.Contains("'Name'", error.Reason);
    }

    [Fact]
    public void File_over_the_size_limit_is_refused_before_reading_and_while_streaming()
    {
        var options = new IngestionOptions { MaxFileSizeBytes = 100 };
        var content = Encoding.UTF8.GetBytes(CsvText.File(CsvText.Header(), CsvText.Row("CC-1"), CsvText.Row("CC-2")));

        Assert.Contains("over the 100 bytes limit", ReadFails(content, options).Reason);

        // An upload stream has no length: the limit is enforced as bytes arrive.
        var reader = new JiraCsvReader(options, JiraDateParser.FromOptions(options));
        var error = Assert.Throws<CsvImportException>(() => reader.Read(new UnseekableStream(content), new ImportFileReport("up.csv", 10)).ToList());
        Assert.Contains("limit", error.Reason);
    }

    [Fact]
    public void Null_words_count_as_empty_cells()
    {
        var csv = CsvText.File(CsvText.Header(), "CC-1,Summary,NaN,Done,null,,,None,,,,,,");
        var ticket = Assert.Single(Read(csv).Tickets);
        Assert.Equal("", ticket.Reporter);
        Assert.Equal("", ticket.Resolution);
        Assert.Equal("", ticket.CustomFields[CustomFieldKeys.Hub]);
    }

    private sealed class UnseekableStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
