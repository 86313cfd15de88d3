using System.Text.Json;
using JiraQuality.Benchmarks.Sample;
using JiraQuality.Tests.Infrastructure;

namespace JiraQuality.Tests.Ingestion;

/// <summary>Runs the real executable's verbs in a child process against its own SQLite file.</summary>
public sealed class IngestionVerbsTests : IDisposable
{
    private readonly CliProcess _cli = new("cli");

    [Fact]
    public async Task Import_prints_the_report_writes_jsonl_and_export_writes_the_stored_conversations()
    {
        var export = new SampleExportGenerator(new SampleExportSettings { Tickets = 40 }).WriteFile(Path.Combine(_cli.Directory, "export.csv"));
        var jsonl = Path.Combine(_cli.Directory, "import.jsonl");

        var import = await _cli.RunAsync("import", export, "--jsonl", jsonl);

        Assert.True(import.ExitCode == 0, import.Output + import.Error);
        Assert.Contains("export.csv: imported", import.Output);
        Assert.Contains("rows read 40, created 40, updated 0, unchanged 0, rejected 0", import.Output);
        Assert.Contains("Processing progress: 40/40 (100%)", import.Error);
        var records = (await File.ReadAllLinesAsync(jsonl, TestContext.Current.CancellationToken)).Select(l => JsonDocument.Parse(l)).ToList();
        Assert.Equal(40, records.Count);
        Assert.All(records, r => Assert.Equal("[reporter]", r.RootElement.GetProperty("reporter").GetString()));

        var again = await _cli.RunAsync("import", export);
        Assert.Contains("created 0, updated 0, unchanged 40", again.Output);

        var exported = Path.Combine(_cli.Directory, "all.jsonl");
        var exportRun = await _cli.RunAsync("export", "jsonl", "--output", exported, "--include-pii");
        Assert.True(exportRun.ExitCode == 0, exportRun.Output + exportRun.Error);
        Assert.Contains("Wrote 40 conversation(s)", exportRun.Output);
        var first = JsonDocument.Parse((await File.ReadAllLinesAsync(exported, TestContext.Current.CancellationToken))[0]).RootElement;
        Assert.NotEqual("[reporter]", first.GetProperty("reporter").GetString());
        Assert.StartsWith("CC-", first.GetProperty("issue_key").GetString());
    }

    [Fact]
    public async Task Import_exits_non_zero_naming_a_rejected_file_and_still_imports_the_good_one()
    {
        var good = Path.Combine(_cli.Directory, "good.csv");
        await File.WriteAllTextAsync(good, CsvText.File(CsvText.Header(), CsvText.Row("CC-1")), TestContext.Current.CancellationToken);
        var bad = Path.Combine(_cli.Directory, "bad.csv");
        await File.WriteAllTextAsync(bad, "Name,Email\nAnn,a@example.org\n", TestContext.Current.CancellationToken);

        var run = await _cli.RunAsync("import", good, bad);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("good.csv: imported", run.Output);
        Assert.Contains("bad.csv: FAILED — line 1: the header has no 'Issue key' column", run.Output);
    }

    [Fact]
    public async Task Import_of_an_export_without_comments_exits_non_zero_and_stores_nothing()
    {
        var currentFields = Path.Combine(_cli.Directory, "current-fields.csv");
        await File.WriteAllTextAsync(currentFields, "Summary,Issue key,Status,Created\nVPN,CL-1,Open,03/Apr/26 9:00 AM\n", TestContext.Current.CancellationToken);
        var jsonl = Path.Combine(_cli.Directory, "stored.jsonl");

        var run = await _cli.RunAsync("import", currentFields);
        var exported = await _cli.RunAsync("export", "jsonl", "--output", jsonl);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("current-fields.csv: FAILED — line 1: the header has no Comment column", run.Output);
        Assert.Contains("Export > Export CSV (all fields)", run.Output);
        Assert.Equal(0, exported.ExitCode);
        Assert.Equal("", (await File.ReadAllTextAsync(jsonl, TestContext.Current.CancellationToken)).Trim());
    }

    public void Dispose() => _cli.Dispose();
}
