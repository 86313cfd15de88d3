using System.CommandLine;

namespace JiraQuality.Web.Cli;

/// <summary><c>export</c>: writes stored data to files; each kind of export is a subcommand.</summary>
public static class ExportVerbs
{
    public static Command Command()
    {
        var command = new Command("export", "Export stored data to files.");
        command.Subcommands.Add(ExportAnalysisVerb.Command());
        return command;
    }
}
