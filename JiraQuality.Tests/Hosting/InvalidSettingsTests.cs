using JiraQuality.Tests.Infrastructure;

namespace JiraQuality.Tests.Hosting;

/// <summary>
/// Settings that fail their checks are an operator's mistake, not a crash: the real executable says which keys are wrong
/// and what is wrong with them, prints no stack trace, does no work and exits 1.
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

    private static void AssertNoCrashReport(string text)
    {
        Assert.DoesNotContain("Unhandled exception", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("OptionsValidationException", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", text);
    }

    public void Dispose() => _cli.Dispose();
}
