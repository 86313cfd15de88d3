using System.CommandLine;
using System.Text;
using JiraQuality.Core.Agents.Directory;
using JiraQuality.Core.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace JiraQuality.Benchmarks.Sample;

/// <summary><c>sample</c>: regenerates the deterministic sample export and its agent directory.</summary>
public static class SampleVerbs
{
    public static Command SampleCommand(BenchVerbHost verbHost)
    {
        var output = new Option<string?>("--output", "-o") { Description = "Export file to write (default: the sample file in the data folder)." };
        var directory = new Option<string?>("--agent-directory") { Description = "Agent directory CSV to write (default: the one in the data folder; 'none' to skip)." };
        var tickets = new Option<int>("--tickets") { Description = "Number of tickets.", DefaultValueFactory = _ => 300 };
        var maxComments = new Option<int>("--max-comments") { Description = "Most comments per ticket (comment columns).", DefaultValueFactory = _ => 30 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same file.", DefaultValueFactory = _ => new SampleExportSettings().Seed };
        var command = new Command("sample", "Generate the synthetic Jira CSV export (data/jira_export_sample.csv) and its agent directory.");
        command.Options.Add(output);
        command.Options.Add(directory);
        command.Options.Add(tickets);
        command.Options.Add(maxComments);
        command.Options.Add(seed);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = new SampleExportSettings
            {
                Tickets = parseResult.GetValue(tickets),
                MaxComments = parseResult.GetValue(maxComments),
                Seed = parseResult.GetValue(seed),
            };
            using var host = verbHost.BuildHost(migrate: false);
            var paths = host.Services.GetRequiredService<IngestionPaths>();
            var path = new SampleExportGenerator(settings).WriteFile(parseResult.GetValue(output) is { } given ? verbHost.ResolveOutput(given) : paths.SampleExportFile);
            await parseResult.InvocationConfiguration.Output.WriteLineAsync($"Wrote {settings.Tickets} tickets to {path}.");
            var directoryPath = parseResult.GetValue(directory) is { } dir ? (dir == "none" ? dir : verbHost.ResolveOutput(dir)) : paths.AgentDirectoryFile;
            if (directoryPath != "none")
            {
                await using var writer = new StreamWriter(directoryPath, false, new UTF8Encoding(false));
                AgentDirectoryService.WriteCsv(writer, SampleExportGenerator.Agents(settings.Seed));
                await parseResult.InvocationConfiguration.Output.WriteLineAsync($"Wrote the agent directory to {directoryPath}.");
            }

            return 0;
        });
        return command;
    }
}
