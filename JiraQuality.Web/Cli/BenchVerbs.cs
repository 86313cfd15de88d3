using System.CommandLine;

namespace JiraQuality.Web.Cli;

/// <summary><c>bench</c>: bounded performance measurements; each area is a subcommand.</summary>
public static class BenchVerbs
{
    public static Command Command()
    {
        var command = new Command("bench", "Run a bounded benchmark and print the medians.");
        command.Subcommands.Add(ScoringBenchVerb.Command());
        return command;
    }
}
