using System.CommandLine;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Storage;
using JiraQuality.Web.Hosting;

namespace JiraQuality.Web.Features.Scoring;

/// <summary><c>import-scored</c>: loads the predecessor's scored CSVs so their history stays visible.</summary>
public static class ScoredImportVerbs
{
    public static Command Command()
    {
        var files = new Argument<string[]>("file") { Description = "Scored CSV file(s) in the predecessor's layouts.", Arity = ArgumentArity.OneOrMore };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace conversations already scored here (default: keep them)." };
        var command = new Command("import-scored", "Import scored CSVs of the predecessor; the rows are labelled imported and never re-scored unless asked.");
        command.Arguments.Add(files);
        command.Options.Add(overwrite);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            using var host = CommandLineApp.BuildHost();
            await host.Services.GetRequiredService<JiraQualityContextFactory>().MigrateAsync(cancellationToken);
            var importer = host.Services.GetRequiredService<ScoredCsvImporter>();
            var failed = 0;
            foreach (var file in parseResult.GetValue(files) ?? [])
            {
                try
                {
                    var result = await importer.ImportAsync(file, parseResult.GetValue(overwrite), new ProcessVerbs.ConsoleProgress(TextWriter.Null), cancellationToken);
                    await output.WriteLineAsync(result.Describe());
                }
                catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException)
                {
                    failed++;
                    await error.WriteLineAsync(ex.Message);
                }
            }

            return failed == 0 ? 0 : 2;
        });
        return command;
    }
}
