using System.Globalization;
using System.Text;
using JiraQuality.Core.Conversations;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Ingestion.Csv;
using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static JiraQuality.Tests.Ingestion.AnyJiraFixtures;

namespace JiraQuality.Tests.Ingestion;

/// <summary>Excel-saved (<c>;</c>, tabs) and localised exports: delimiter detection, the header table, month names.</summary>
public sealed class LocalisedExportTests
{
    private static (List<JiraTicket> Tickets, ImportFileReport Report) ReadText(string csv, string name = "export.csv")
    {
        var report = new ImportFileReport(name, 100);
        var options = new IngestionOptions();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return (new JiraCsvReader(options, JiraDateParser.FromOptions(options)).Read(stream, report).ToList(), report);
    }

    [Fact]
    public void Spanish_export_is_read_with_its_headers_and_month_names()
    {
        var report = new ImportFileReport("spanish.csv", 100);
        var tickets = Read("spanish.csv", report: report).ToDictionary(t => t.IssueKey);

        Assert.Equal(0, report.WarningCount);
        Assert.Equal(",", report.Delimiter);
        var first = tickets["AYU-1"];
        Assert.Equal(("No puedo acceder al portal", "Resuelta", Ana, "Desde ayer no puedo entrar."), (first.Summary, first.Status, first.Assignee, first.Description));
        Assert.Equal(new DateTime(2026, 1, 3, 9, 10, 0, DateTimeKind.Utc), first.CreatedUtc);
        Assert.Equal(new DateTime(2026, 4, 15, 16, 0, 0, DateTimeKind.Utc), first.UpdatedUtc);
        Assert.Equal([new DateTime(2026, 1, 3, 9, 40, 0), new DateTime(2026, 1, 4, 8, 0, 0)], first.Comments.Select(c => c.TimestampUtc!.Value));
        Assert.Equal(new DateTime(2026, 7, 18, 9, 10, 0, DateTimeKind.Utc), tickets["AYU-2"].CreatedUtc);
        Assert.Equal(new DateTime(2026, 8, 20, 11, 30, 0, DateTimeKind.Utc), tickets["AYU-2"].UpdatedUtc);
        Assert.Equal(new DateTime(2025, 12, 9, 10, 0, 0, DateTimeKind.Utc), tickets["AYU-3"].CreatedUtc);
        Assert.Equal(new DateTime(2026, 9, 30, 10, 0, 0, DateTimeKind.Utc), tickets["AYU-3"].UpdatedUtc);
        Assert.Equal(new DateTime(2026, 9, 30, 10, 0, 0, DateTimeKind.Utc), tickets["AYU-3"].Comments[0].TimestampUtc);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Excel_resave_with_semicolons_and_blank_rows_imports_and_says_which_delimiter(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var kit = new IngestionTestKit(database);

        var report = await kit.ImportAsync(PathOf("excel_semicolon.csv"));

        var file = Assert.Single(report.Files);
        Assert.True(file.Succeeded, report.ToText());
        Assert.Equal((";", 2, 2, 0, 3, 0), (file.Delimiter, file.RowsRead, file.Created, file.RejectedCount, file.BlankRowsSkipped, file.WarningCount));
        Assert.Contains("delimiter semicolon", report.ToText());
        await using var db = database.Factory.CreateDbContext();
        var thread = ConversationJson.DeserializeMessages((await db.PreparedConversations.AsNoTracking().SingleAsync(c => c.IssueKey == "EX-1", TestContext.Current.CancellationToken)).ThreadJson);
        Assert.Equal([("lkelly", MessageRole.Agent), ("mmorgan", MessageRole.Customer)], thread.Select(m => (m.AuthorId, m.Role)));
        Assert.Equal("Dock 4; next to the station.", thread[1].Text);
    }

    [Fact]
    public void Tab_separated_export_is_read()
    {
        var (tickets, report) = ReadText("Issue key\tSummary\tCreated\tComment\r\nTB-1\tA, b and c\t13/Aug/25 9:13 PM\t13/Aug/25 9:20 PM;lkelly;hello, world\r\n");

        Assert.Equal("\t", report.Delimiter);
        var ticket = Assert.Single(tickets);
        Assert.Equal(("A, b and c", "hello, world"), (ticket.Summary, ticket.Comments[0].Body));
    }

    [Fact]
    public void Portuguese_and_german_headers_and_dates_are_read_from_the_table()
    {
        var (pt, _) = ReadText(
            "Tipo de item,Chave da item,ID da item,Resumo,Responsável,ID do responsável,Relator,ID do relator,Status,Resolução,Criado,Atualizado(a),Data limite,Campo personalizado (Hub),Comment\r\n"
            + $"Tarefa,SIN-1,100,Primeiro card,Ana,{Ana},Xia,{Xia},Concluído,Concluído,17/mar/26 10:00 AM,05/ago/26 10:33 AM,03/ago/26,Lisboa,\"17/mar/26 10:30 AM;{Ana};Olá\"\r\n");
        var (de, _) = ReadText(
            "Zusammenfassung,Vorgangsschlüssel,Vorgangs-ID,Status,Lösung,Zugewiesene Person,ID der zugewiesenen Person,Autor,ID des Autors,Erstellt,Aktualisiert,Fälligkeitsdatum,Beschreibung,Benutzerdefinierte Felder (Hub),Comment\r\n"
            + $"Drucker,DE-1,200,Erledigt,Erledigt,Ana,{Ana},Xia,{Xia},03/Mär/26 9:00 AM,05/Okt/26 9:00 AM,06/Dez/26,Druckt nicht,Berlin,\r\n");

        var p = Assert.Single(pt);
        Assert.Equal(("SIN-1", "Primeiro card", "Ana", Ana, "Xia", Xia, "Concluído"), (p.IssueKey, p.Summary, p.Assignee, p.AssigneeAccountId, p.Reporter, p.ReporterAccountId, p.Resolution));
        Assert.Equal((new DateTime(2026, 3, 17, 10, 0, 0, DateTimeKind.Utc), new DateTime(2026, 8, 5, 10, 33, 0, DateTimeKind.Utc)), (p.CreatedUtc, p.UpdatedUtc));
        Assert.Equal("Lisboa", p.CustomFields[CustomFieldKeys.Hub]);
        var d = Assert.Single(de);
        Assert.Equal(("DE-1", "Drucker", "Ana", Xia, "Druckt nicht", "Berlin"), (d.IssueKey, d.Summary, d.Assignee, d.ReporterAccountId, d.Description, d.CustomFields[CustomFieldKeys.Hub]));
        Assert.Equal((new DateTime(2026, 3, 3, 9, 0, 0, DateTimeKind.Utc), new DateTime(2026, 10, 5, 9, 0, 0, DateTimeKind.Utc)), (d.CreatedUtc, d.UpdatedUtc));
    }

    [Fact]
    public void Another_language_is_refused_naming_the_header_and_the_fix()
    {
        var error = Assert.Throws<CsvImportException>(() => ReadText("Riepilogo,Chiave,Stato,Commento\r\nStampante,IT-1,Aperto,\r\n", "italiano.csv"));

        Assert.Equal(1, error.Line);
        Assert.Contains("'Riepilogo', 'Chiave', 'Stato', 'Commento'", error.Reason);
        Assert.Contains("switch your Jira profile language to English", error.Reason);
    }

    [Fact]
    public void A_semicolon_export_is_not_refused_as_a_missing_issue_key()
    {
        var (tickets, report) = ReadText("Summary;Issue key;Created;Comment\r\nPrinter;SC-1;13/Aug/25 9:13 PM;\"13/Aug/25 9:20 PM;lkelly;hi\"\r\n");

        Assert.Equal((";", "SC-1"), (report.Delimiter, Assert.Single(tickets).IssueKey));
    }

    // Jira formats dates with the user's locale data (CLDR); the table must hold every abbreviation CLDR gives.
    [Theory]
    [InlineData("Spanish", "es-ES")]
    [InlineData("Portuguese", "pt-BR")]
    [InlineData("German", "de-DE")]
    public void Month_table_covers_the_locale_abbreviations(string language, string culture)
    {
        var months = LocalizedMonthNames.Table.Single(t => t.Language == language).Months;
        var abbreviations = CultureInfo.GetCultureInfo(culture).DateTimeFormat.AbbreviatedMonthNames.Take(12)
            .Select(m => m.TrimEnd('.').ToLowerInvariant()).ToList();

        for (var i = 0; i < 12; i++)
        {
            Assert.Contains(abbreviations[i], months[i]);
        }
    }
}
