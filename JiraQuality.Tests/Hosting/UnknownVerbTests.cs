using JiraQuality.Tests.Infrastructure;
using JiraQuality.Web.Hosting;

namespace JiraQuality.Tests.Hosting;

/// <summary>A mistyped verb is an error with the list of verbs, never a web server started by accident.</summary>
public sealed class UnknownVerbTests : IDisposable
{
    private readonly CliProcess _cli = new("verb");

    [Theory]
    [InlineData("usres", "--help")]
    [InlineData("improt", "export.csv")]
    [InlineData("Serve")]
    public async Task An_unknown_verb_prints_the_error_and_the_verbs_and_exits_non_zero(params string[] arguments)
    {
        // Were the server started instead, it would block on this port until the test's time-out.
        _cli.Environment["Urls"] = "http://127.0.0.1:0";
        _cli.Timeout = TimeSpan.FromSeconds(30);

        var run = await _cli.RunAsync(arguments);

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Output}{run.Error}");
        Assert.Contains($"Unknown verb '{arguments[0]}'", run.Error);
        foreach (var verb in CommandLineApp.Verbs)
        {
            Assert.Contains($"  {verb.Name}", run.Error);
        }

        Assert.DoesNotContain("Now listening", run.Output + run.Error);
    }

    [Fact]
    public void Only_no_verb_serve_or_host_switches_start_the_server()
    {
        Assert.False(CommandLineApp.IsCommandLine([]));
        Assert.False(CommandLineApp.IsCommandLine(["serve"]));
        Assert.False(CommandLineApp.IsCommandLine(["serve", "--urls", "http://127.0.0.1:5001"]));
        Assert.False(CommandLineApp.IsCommandLine(["--urls", "http://127.0.0.1:5001"]));
        Assert.False(CommandLineApp.IsCommandLine(["Urls=http://127.0.0.1:5001"]));
        Assert.True(CommandLineApp.IsCommandLine(["usres", "--help"]));
        Assert.True(CommandLineApp.IsCommandLine(["migrate"]));
        Assert.Equal(["--urls", "http://127.0.0.1:5001"], CommandLineApp.ServerArguments(["serve", "--urls", "http://127.0.0.1:5001"]));
    }

    public void Dispose() => _cli.Dispose();
}
