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

    public void Dispose() => _cli.Dispose();
}
