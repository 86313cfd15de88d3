using JiraQuality.Tests.Infrastructure;

namespace JiraQuality.Tests.Hosting;

/// <summary>
/// Settings that fail their checks are an operator's mistake, not a crash: the real executable says which keys are wrong
/// and what is wrong with them, prints no stack trace, does no work and exits 1, for a verb and for the web server alike.
/// </summary>
public sealed class InvalidSettingsTests : IDisposable
{
    private readonly CliProcess _cli = new("settings");

    [Fact]
    public async Task A_verb_prints_only_the_message_naming_the_key_and_exits_1()
    {
        _cli.Environment["Scoring__BatchSize"] = "0";

        var run = await _cli.RunAsync("process", "--no-llm");

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Output}{run.Error}");
        Assert.Contains("Scoring:BatchSize must be from 1 to 100000.", run.Error, StringComparison.Ordinal);
        AssertNoCrashReport(run.Output + run.Error);
    }

    [Fact]
    public async Task A_verb_names_every_key_that_is_wrong()
    {
        _cli.Environment["Scoring__BatchSize"] = "0";
        _cli.Environment["Jobs__LogTailLines"] = "0";

        var run = await _cli.RunAsync("export", "jsonl", "--output", "conversations.jsonl");

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {run.Output}{run.Error}");
        Assert.Contains("Scoring:BatchSize must be from 1 to 100000.", run.Error, StringComparison.Ordinal);
        Assert.Contains("Jobs:LogTailLines must be at least 1.", run.Error, StringComparison.Ordinal);
        AssertNoCrashReport(run.Output + run.Error);
        Assert.False(File.Exists(Path.Combine(_cli.Directory, "conversations.jsonl")), "the verb ran although its settings are wrong");
        Assert.False(File.Exists(Path.Combine(_cli.Directory, "cli.db")), "the database was created although the settings are wrong");
    }

    [Fact]
    public async Task The_web_server_logs_one_clear_error_and_exits_1()
    {
        _cli.Environment["Scoring__BatchSize"] = "0";
        _cli.Environment["Urls"] = "http://127.0.0.1:0";
        _cli.Timeout = TimeSpan.FromSeconds(60);

        var run = await _cli.RunAsync();

        var everything = run.Output + run.Error;
        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}: {everything}");
        Assert.Single(Occurrences(everything, "Scoring:BatchSize must be from 1 to 100000."));
        AssertNoCrashReport(everything);
        Assert.DoesNotContain("Hosting failed to start", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", everything, StringComparison.Ordinal);
    }

    private static void AssertNoCrashReport(string text)
    {
        Assert.DoesNotContain("Unhandled exception", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("OptionsValidationException", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", text);
    }

    private static IEnumerable<int> Occurrences(string text, string value)
    {
        for (var index = text.IndexOf(value, StringComparison.Ordinal); index >= 0; index = text.IndexOf(value, index + value.Length, StringComparison.Ordinal))
        {
            yield return index;
        }
    }

    public void Dispose() => _cli.Dispose();
}
