using System.CommandLine;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Storage;
using JiraQuality.Web.Hosting;

namespace JiraQuality.Web.Features.Conversations;

/// <summary><c>export &lt;format&gt;</c>: each export format is a subcommand of <c>export</c>.</summary>
public static class ExportVerbs
{
    public static Command ExportCommand()
    {
        var export = new Command("export", "Write stored data to files.");
        export.Subcommands.Add(JsonlCommand());
        export.Subcommands.Add(ExportAnalysisVerb.Command());
        return export;
    }

    private static Command JsonlCommand()
    {
        var outputOption = new Option<string>("--output", "-o") { Description = "File to write (JSON Lines, the predecessor's record layout).", Required = true };
        var includePii = new Option<bool>("--include-pii") { Description = "Write original texts and reporter names instead of redacted ones." };
        var command = new Command("jsonl", "Export the normalised conversations as JSONL (redacted unless --include-pii).");
        command.Options.Add(outputOption);
        command.Options.Add(includePii);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = CliPaths.ResolveOutput(parseResult.GetValue(outputOption)!);
            var redacted = !parseResult.GetValue(includePii);
            using var host = CommandLineApp.BuildHost();
            await host.Services.GetRequiredService<JiraQualityContextFactory>().MigrateAsync(cancellationToken);
            var exporter = host.Services.GetRequiredService<ConversationExportService>();
            int count;
            await using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                count = await exporter.WriteJsonlAsync(stream, redacted, cancellationToken);
            }

            await parseResult.InvocationConfiguration.Output.WriteLineAsync(
                $"Wrote {count} conversation(s) to {path}{(redacted ? " (redacted)" : " (with personal data)")}.");
            return 0;
        });
        return command;
    }
}
