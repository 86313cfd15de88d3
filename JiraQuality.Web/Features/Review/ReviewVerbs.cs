using System.CommandLine;
using JiraQuality.Core.Identity;
using JiraQuality.Core.Review;
using JiraQuality.Web.Features.Identity;
using JiraQuality.Web.Hosting;

namespace JiraQuality.Web.Features.Review;

/// <summary><c>review import FILE.csv</c> and <c>review export --output FILE.csv</c>: reviews to and from spreadsheets.</summary>
public static class ReviewVerbs
{
    public static Command Command()
    {
        var command = new Command("review", "Import reviews from a CSV file or export them (issue_key,reviewer,category,score[,comment]).");
        command.Subcommands.Add(ImportCommand());
        command.Subcommands.Add(ExportCommand());
        return command;
    }

    private static Command ImportCommand()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "CSV with the columns issue_key,reviewer,category,score and optionally comment." };
        var command = new Command(
            "import",
            "Import reviews: one row per category; rows of one conversation and reviewer are one review. Bad rows are reported by line and their review is skipped. " +
            "Reviewers missing as users are added as viewers. Exits 1 when any row failed or the file held no rows.");
        command.Arguments.Add(file);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var path = parseResult.GetValue(file)!;
            if (!path.Exists)
            {
                await error.WriteLineAsync($"{path.FullName}: file not found. Nothing was imported.");
                return 1;
            }

            await using var stream = path.OpenRead();
            var result = await UsersVerbs.WithServiceAsync<ReviewCsvImporter, ReviewImportResult>(
                importer => importer.ImportAsync(stream, path.Name, UsersVerbs.CliActor, cancellationToken));
            foreach (var problem in result.Problems)
            {
                await error.WriteLineAsync(problem);
            }

            await output.WriteLineAsync(
                $"Reviews: {result.Created} new, {result.Updated} updated, {result.Unchanged} unchanged; {result.Rows} row(s) read, {result.RowsSkipped} skipped; " +
                $"{result.ReviewersCreated} reviewer account(s) added.");
            return result.Succeeded ? 0 : 1;
        });
        return command;
    }

    private static Command ExportCommand()
    {
        var outputOption = new Option<FileInfo>("--output") { Description = "The CSV file to write (replaced if it exists).", Required = true };
        var command = new Command("export", "Write every review as CSV, one row per category (the columns review import reads, then version, AI score, total, source, time).");
        command.Options.Add(outputOption);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var target = parseResult.GetValue(outputOption)!;
            if (target.Directory is { Exists: false } directory)
            {
                await error.WriteLineAsync($"--output: the folder {directory.FullName} does not exist.");
                return 1;
            }

            using var host = CommandLineApp.BuildHost();
            var exporter = host.Services.GetRequiredService<ReviewCsvExporter>();
            var temporary = target.FullName + ".partial";
            int reviews;
            await using (var writer = new StreamWriter(temporary))
            {
                reviews = await exporter.ExportAsync(writer, cancellationToken);
            }

            File.Move(temporary, target.FullName, overwrite: true);
            await host.Services.GetRequiredService<AuditLog>().RecordAsync(UsersVerbs.CliActor, AuditActions.Export, "reviews", $"{reviews} review(s) to {target.Name}", cancellationToken: cancellationToken);
            await output.WriteLineAsync($"Exported {reviews} review(s) to {target.FullName}.");
            return 0;
        });
        return command;
    }
}
