using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static JiraQuality.Tests.Ingestion.AnyJiraFixtures;

namespace JiraQuality.Tests.Ingestion;

/// <summary>The import report tells what the file held: tickets, comments and authors by role, inferred notes, blank rows.</summary>
public sealed class ImportReportContentTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Report_counts_tickets_comments_and_authors_by_role(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(database);

        var report = await kit.ImportAsync(PathOf(Cloud));

        var file = Assert.Single(report.Files);
        var content = file.Content;
        Assert.Equal((5, 5, 1, 12), (content.Tickets, content.Conversations, content.TicketsWithoutComments, content.Comments));
        Assert.Equal((7, 5, 0, 0), (content.CommentsBy(ReportedRole.Agent), content.CommentsBy(ReportedRole.Customer), content.CommentsBy(ReportedRole.Automation), content.CommentsBy(ReportedRole.Unknown)));
        Assert.Equal((3, 4), (content.AuthorsBy(ReportedRole.Agent), content.AuthorsBy(ReportedRole.Customer)));
        Assert.Equal(3, content.InferredInternal);
        Assert.Equal(0, file.WarningCount);
        Assert.Contains("comments 12: agent 7, customer 5, automation 0, unknown 0", report.ToText());
        Assert.Contains("inferred internal 3", report.ToText());
    }

    [Fact]
    public async Task More_than_five_percent_without_a_role_warns_with_the_top_unknown_authors()
    {
        // A Cloud export without Reporter Id: nothing says who the reporter is in account-id terms.
        var lines = new List<string> { "Issue key,Summary,Reporter,Created,Comment,Comment,Comment" };
        for (var i = 1; i <= 4; i++)
        {
            lines.Add($"CL-{i},Help,Some One,03/Apr/26 9:00 AM,\"03/Apr/26 9:10 AM;{Xia};hello\",\"03/Apr/26 9:20 AM;{Ana};hi\",\"03/Apr/26 9:30 AM;{Ana};done\"");
        }

        lines.Add($"CL-9,Help,Some One,03/Apr/26 9:00 AM,\"03/Apr/26 9:10 AM;Automation for Jira;Your request was received\",,");
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var kit = new IngestionTestKit(database);

        var report = await kit.ImportAsync(kit.WriteFile("no-reporter-id.csv", CsvText.File([.. lines])));

        var file = Assert.Single(report.Files);
        Assert.Equal((1, 12), (file.Content.CommentsBy(ReportedRole.Automation), file.Content.CommentsBy(ReportedRole.Unknown)));
        Assert.Equal([(Ana, 8), (Xia, 4)], file.Content.TopUnknownAuthors(10));
        var warning = Assert.Single(file.Warnings);
        Assert.Contains("92.3 % of the comments (12 of 13) have no role", warning.Message);
        Assert.Contains($"{Ana} (8), {Xia} (4)", warning.Message);
        Assert.Contains("agent directory", warning.Message);
        Assert.Contains("as an agent or a customer on the Import page", warning.Message);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_file_without_a_comment_column_is_refused_and_nothing_is_stored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(database);
        var path = kit.WriteFile("current-fields.csv", CsvText.File(
            "Summary,Issue key,Issue id,Status,Reporter,Created",
            "VPN,CL-1,10001,Open,Xia Lopez,03/Apr/26 9:00 AM",
            "Printer,CL-2,10002,Open,Yuri Berg,03/Apr/26 9:30 AM"));

        var report = await kit.ImportAsync(path);

        Assert.False(report.Succeeded);
        var error = Assert.Single(report.Files).Error;
        Assert.NotNull(error);
        Assert.Equal(1, error.Line);
        Assert.Contains("no Comment column", error.Message);
        Assert.Contains("Export > Export CSV (all fields)", error.Message);
        await using var db = database.Factory.CreateDbContext();
        Assert.Equal(0, await db.PreparedConversations.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Rows_whose_every_cell_is_empty_are_skipped_and_counted_not_rejected()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var kit = new IngestionTestKit(database);
        var path = kit.WriteFile("excel.csv", CsvText.File(
            "Issue key,Summary,Reporter,Created,Comment",
            ",,,,",
            $"CL-1,VPN,lkelly,03/Apr/26 9:00 AM,\"03/Apr/26 9:10 AM;lkelly;hello\"",
            ",,,,",
            " , ,,,",
            ",,,,"));

        var report = await kit.ImportAsync(path);

        var file = Assert.Single(report.Files);
        Assert.True(file.Succeeded, report.ToText());
        Assert.Equal((1, 1, 0, 4), (file.RowsRead, file.Created, file.RejectedCount, file.BlankRowsSkipped));
        Assert.Contains("blank rows skipped 4", report.ToText());
    }
}
