using System.Globalization;
using System.Text;
using CsvHelper;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Reporting.Exports;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Core.Storage;
using JiraQuality.Tests.Infrastructure;
using JiraQuality.Tests.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace JiraQuality.Tests.Web;

/// <summary>Every CSV the app writes is safe to open in a spreadsheet: no cell starts a formula.</summary>
public sealed class FormulaInjectionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Hyperlink = "=HYPERLINK(\"http://x\",\"hub\")";

    // Every character a spreadsheet treats as the start of a formula.
    private static readonly string[] Hostile = [Hyperlink, "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"];

    [Fact]
    public async Task Both_analysis_downloads_escape_cells_that_would_start_a_formula()
    {
        await using var app = new JiraQualityAppFactory();
        var client = app.CreateClient();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<JiraQualityDbContext>>();
        var ended = app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddHours(-2);
        await using (var db = await contexts.CreateDbContextAsync(Ct))
        {
            db.ProcessedConversations.Add(HostileRow("SD-7", ended));
            await db.SaveChangesAsync(Ct);
        }

        foreach (var url in new[] { "/api/scoring/analysis.csv", "/api/conversations/export/csv?window=30d" })
        {
            var response = await client.GetAsync(url, Ct);
            Assert.True(response.IsSuccessStatusCode, $"{url}: {response.StatusCode}");
            var row = ReadRow(await response.Content.ReadAsStringAsync(Ct));
            Assert.Equal("'" + Hyperlink, row["custom_field_hub"]);
            Assert.Equal("'+SUM(1,2)", row["llm_summary_250"]);
            Assert.Equal("'-2+3", row["problem_extract"]);
            Assert.Equal("'@SUM(A1)", row["agent_authors"]);
            Assert.Equal("'\t=1+1", row["improvement_tip"]);
            Assert.Equal("'\r=1+1", row["resolution_why"]);
            Assert.Equal("SD-7", row["issue_key"]);
            Assert.DoesNotContain(row.Values, cell => cell.Length > 0 && "=+-@\t\r".Contains(cell[0]));
        }
    }

    [Fact]
    public async Task Agent_directory_download_escapes_formulas_and_reads_back_unchanged()
    {
        await using var app = new JiraQualityAppFactory();
        var client = app.CreateClient();
        var directory = app.Services.GetRequiredService<AgentDirectoryService>();
        await directory.ReplaceAllAsync(
            [
                new AgentDirectoryEntry { AccountId = "557058:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", DisplayName = Hyperlink, Tier = "Tier 1" },
                new AgentDirectoryEntry { AccountId = "5b10ac8d82e05b22cc7d4ef5", DisplayName = "-Ana Lúcia", Tier = "Tier 2" },
            ],
            Ct);

        var text = await client.GetStringAsync("/api/settings/agent-directory.csv", Ct);
        using (var csv = new CsvReader(new StringReader(text), CultureInfo.InvariantCulture))
        {
            var names = new List<string>();
            csv.Read();
            csv.ReadHeader();
            while (csv.Read())
            {
                names.Add(csv.GetField("display_name")!);
            }

            Assert.Equal(new[] { "'" + Hyperlink, "'-Ana Lúcia" }.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        }

        var readBack = AgentDirectoryService.ReadCsvForReplace(new MemoryStream(Encoding.UTF8.GetBytes(text)), "agent_directory.csv");
        Assert.Equal(new[] { Hyperlink, "-Ana Lúcia" }.Order(StringComparer.Ordinal), readBack.Select(e => e.DisplayName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Escaped_analysis_export_reimports_with_the_original_text()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var db = database.Factory.CreateDbContext())
        {
            db.ProcessedConversations.Add(HostileRow("SD-8", new DateTime(2025, 11, 3, 9, 0, 0, DateTimeKind.Utc)));
            await db.SaveChangesAsync(Ct);
        }

        var text = new StringWriter();
        await new AnalysisCsvExporter(database.Factory).WriteAsync(text, new AnalysisExportFilter(), Ct);
        Assert.Contains("'" + Hyperlink.Replace("\"", "\"\"", StringComparison.Ordinal), text.ToString(), StringComparison.Ordinal);

        await using var other = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var importer = new ScoredCsvImporter(other.Factory, new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 6, 0, 0, TimeSpan.Zero)));
        await importer.ImportAsync(new StringReader(text.ToString()), "analysis.csv", false, new RecordingProgress(), Ct);
        await using var check = other.Factory.CreateDbContext();
        var row = await check.ProcessedConversations.SingleAsync(Ct);
        Assert.Equal(Hyperlink, row.Hub);
        Assert.Equal("+SUM(1,2)", row.Summary);
        Assert.Equal("-2+3", row.ProblemExtract);
    }

    [Fact]
    public void Every_formula_start_is_escaped_and_plain_text_is_left_alone()
    {
        var text = new StringWriter();
        using (var csv = new CsvWriter(text, SpreadsheetSafeCsv.WriterConfiguration()))
        {
            foreach (var cell in Hostile.Append("plain").Append("a=b").Append("'quoted").Append(""))
            {
                csv.WriteField(cell);
            }

            csv.NextRecord();
        }

        using var reader = new CsvReader(new StringReader(text.ToString()), CultureInfo.InvariantCulture);
        reader.Read();
        var cells = reader.Parser.Record!;
        Assert.Equal(Hostile.Select(h => "'" + h).Append("plain").Append("a=b").Append("'quoted").Append(""), cells);
        Assert.Equal(Hostile.Append("plain").Append("a=b").Append("'quoted").Append(""), cells.Select(SpreadsheetSafeCsv.Unescape));
    }

    private static ProcessedConversation HostileRow(string key, DateTime ended) => new()
    {
        IssueKey = key,
        ScorerKind = ScorerKinds.Llm,
        ScorerVersion = "v1",
        Status = "Done",
        Hub = Hyperlink,
        Summary = "+SUM(1,2)",
        ProblemExtract = "-2+3",
        AgentAuthors = "@SUM(A1)",
        ImprovementTip = "\t=1+1",
        ResolutionWhy = "\r=1+1",
        ConversationStartUtc = ended.AddMinutes(-30),
        ConversationEndUtc = ended,
    };

    private static Dictionary<string, string> ReadRow(string text)
    {
        using var csv = new CsvReader(new StringReader(text), CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        Assert.True(csv.Read(), "the export has no data row");
        return csv.HeaderRecord!.Select((name, i) => (name, i)).GroupBy(c => c.name).ToDictionary(g => g.Key, g => csv.GetField(g.First().i)!);
    }
}
