using System.CommandLine;
using System.Text;
using JiraQuality.Core.Reporting.Exports;
using JiraQuality.Core.Scoring.Measures;
using JiraQuality.Core.Storage;
using JiraQuality.Web.Hosting;

namespace JiraQuality.Web.Features.Conversations;

/// <summary><c>export analysis</c>: one CSV row per scored conversation, the predecessor's columns then ours.</summary>
public static class ExportAnalysisVerb
{
    public static Command Command()
    {
        var output = new Option<string>("--output", "-o") { Description = "CSV file to write.", Required = true };
        var from = new Option<string?>("--from") { Description = "Only conversations that ended at or after this date/time (UTC, ISO-8601)." };
        var to = new Option<string?>("--to") { Description = "Only conversations that ended before this date/time (UTC, ISO-8601)." };
        var scorerKind = new Option<string?>("--scorer-kind") { Description = "Only rows scored by heuristic, llm or imported." };
        var hub = new Option<string?>("--hub") { Description = "Only this hub." };
        var command = new Command("analysis", "Write the analysis CSV of scored conversations.");
        foreach (var option in new Option[] { output, from, to, scorerKind, hub })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (!TextLimits.TryParseInstant(parseResult.GetValue(from), out var fromUtc) || !TextLimits.TryParseInstant(parseResult.GetValue(to), out var toUtc))
            {
                await error.WriteLineAsync("--from and --to must be ISO-8601 dates or instants, e.g. 2025-11-01 or 2025-11-01T00:00:00Z.");
                return 2;
            }

            using var host = CommandLineApp.BuildHost();
            await host.Services.GetRequiredService<JiraQualityContextFactory>().MigrateAsync(cancellationToken);
            var exporter = host.Services.GetRequiredService<AnalysisCsvExporter>();
            var path = Path.GetFullPath(parseResult.GetValue(output)!);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);

            // Written beside the target and moved over it, so a failed export never leaves half a file.
            var temporary = path + ".partial";
            int rows;
            await using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false)))
            {
                rows = await exporter.WriteAsync(writer, new AnalysisExportFilter
                {
                    FromUtc = fromUtc,
                    ToUtc = toUtc,
                    ScorerKind = parseResult.GetValue(scorerKind),
                    Hub = parseResult.GetValue(hub),
                }, cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync($"Wrote {rows} conversations to {path}.");
            return 0;
        });
        return command;
    }
}
