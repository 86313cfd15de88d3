using JiraQuality.Tests.Infrastructure;

namespace JiraQuality.Tests.Ingestion;

/// <summary>The <c>import</c> verb run as a child process: exit codes a script can rely on.</summary>
public sealed class ImportExitCodeTests : IDisposable
{
    private readonly CliProcess _cli = new("exit");

    private string Write(string name, string content)
    {
        var path = Path.Combine(_cli.Directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task A_file_with_a_quote_that_is_never_closed_fails_and_the_verb_exits_non_zero()
    {
        var path = Write("unclosed.csv", "Summary,Issue key,Comment\n\"unclosed,QZT-1,x\nok,QZT-2,y\n");

        var run = await _cli.RunAsync("import", path);

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Output}{run.Error}");
        Assert.Contains("unclosed.csv: FAILED — line 2: a quoted field opened on this line is never closed; it swallowed the 1 line(s) after it", run.Output);
    }

    [Theory]
    [InlineData("empty", "", "the file is empty")]
    [InlineData("binary", "PK\u0003\u0004\0\0binary", "not a CSV file")]
    [InlineData("not-jira", "Name,Email\nAnn,a@example.org\n", "no 'Issue key' column")]
    [InlineData("header-only", "Issue key,Summary,Comment\r\n", "the file has a header but no data rows")]
    [InlineData("header-and-blank-lines", "Issue key,Summary,Comment\r\n\r\n\r\n", "the file has a header but no data rows")]
    [InlineData("broken", "Issue key,Summary,Comment\nQZT-1,\"open,x\nQZT-2,b,c\n", "never closed")]
    public async Task A_refused_or_failed_file_exits_one_naming_the_file_and_the_reason(string name, string content, string reason)
    {
        var path = Write(name + ".csv", content);

        var run = await _cli.RunAsync("import", path);

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Output}{run.Error}");
        Assert.Contains($"{name}.csv: FAILED", run.Output);
        Assert.Contains(reason, run.Output);
        Assert.Contains("Import failed: 1 of 1 file(s) were refused or could not be read to the end.", run.Error);
    }

    [Fact]
    public async Task A_file_over_the_size_limit_exits_one()
    {
        _cli.Environment["Ingestion__MaxFileSizeBytes"] = "300";
        var path = Write("big.csv", CsvText.File([CsvText.Header(), .. Enumerable.Range(1, 5).Select(i => CsvText.Row($"CC-{i}"))]));

        var run = await _cli.RunAsync("import", path);

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Output}{run.Error}");
        Assert.Contains("big.csv: FAILED — the file is", run.Output);
        Assert.Contains("over the", run.Output);
    }

    [Fact]
    public async Task A_file_whose_every_row_is_rejected_imported_nothing_and_exits_one()
    {
        var path = Write("rejected.csv", CsvText.File(CsvText.Header(), CsvText.Row("not a key"), "CC-2,too,few"));

        var run = await _cli.RunAsync("import", path);

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Output}{run.Error}");
        Assert.Contains("rows read 2, created 0, updated 0, unchanged 0, rejected 2", run.Output);
        Assert.Contains("nothing was imported", run.Error);
    }

    [Fact]
    public async Task Rejected_rows_exit_zero_unless_strict_and_warnings_never_fail()
    {
        var path = Write("mixed.csv", CsvText.File(
            CsvText.Header(),
            CsvText.Row("CC-1", "not a date"),
            CsvText.Row("not a key")));

        var lenient = await _cli.RunAsync("import", path);
        var strict = await _cli.RunAsync("import", path, "--strict");

        Assert.True(lenient.ExitCode == 0, $"exit {lenient.ExitCode}: {lenient.Output}{lenient.Error}");
        Assert.Contains("mixed.csv: imported", lenient.Output);
        Assert.Contains("rejected 1, warnings 1", lenient.Output);
        Assert.True(strict.ExitCode == 1, $"exit {strict.ExitCode}: {strict.Output}{strict.Error}");
        Assert.Contains("Import failed (--strict): 1 row(s) were rejected.", strict.Error);
    }

    [Fact]
    public async Task A_file_imported_again_unchanged_still_exits_zero()
    {
        var path = Write("again.csv", CsvText.File(CsvText.Header(), CsvText.Row("CC-1")));

        await _cli.RunAsync("import", path);
        var again = await _cli.RunAsync("import", path);

        Assert.True(again.ExitCode == 0, $"exit {again.ExitCode}: {again.Output}{again.Error}");
        Assert.Contains("unchanged 1", again.Output);
    }

    public void Dispose() => _cli.Dispose();
}
