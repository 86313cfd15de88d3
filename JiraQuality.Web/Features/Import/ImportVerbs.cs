using System.CommandLine;
using System.Diagnostics;
using JiraQuality.Core.Ingestion.Import;
using JiraQuality.Core.Ingestion.Prepared;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Storage;
using JiraQuality.Web.Hosting;

namespace JiraQuality.Web.Features.Import;

/// <summary><c>import &lt;file.csv&gt;... [--jsonl out.jsonl]</c>: the same CSV import the Import page runs.</summary>
public static class ImportVerbs
{
    public static Command ImportCommand()
    {
        var files = new Argument<string[]>("files") { Description = "Jira CSV export files.", Arity = ArgumentArity.OneOrMore };
        var jsonl = new Option<string?>("--jsonl") { Description = "Also write the imported conversations as JSONL (predecessor layout) to this file." };
        var includePii = new Option<bool>("--include-pii") { Description = "Write original texts to the JSONL instead of redacted ones." };
        var strict = new Option<bool>("--strict") { Description = "Also exit 1 when any row was rejected." };
        var command = new Command(
            "import",
            "Import Jira CSV exports and print the import report. Exits 0 when every file was imported (row warnings and, without --strict, rejected rows allowed), "
            + "1 when any file was refused or failed, nothing was imported, or (--strict) any row was rejected.");
        command.Arguments.Add(files);
        command.Options.Add(jsonl);
        command.Options.Add(includePii);
        command.Options.Add(strict);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            using var host = CommandLineApp.BuildHost();
            await host.Services.GetRequiredService<JiraQualityContextFactory>().MigrateAsync(cancellationToken);
            var importService = host.Services.GetRequiredService<CsvImportService>();

            var jsonlPath = parseResult.GetValue(jsonl) is { } given ? CliPaths.ResolveOutput(given) : null;
            await using var jsonlStream = jsonlPath is null ? null : new FileStream(jsonlPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            using var jsonlWriter = jsonlPath is null ? null : new ConversationJsonlWriter(redacted: !parseResult.GetValue(includePii));
            var request = new CsvImportRequest
            {
                OnBatchStored = jsonlWriter is null ? null : async (batch, ct) =>
                {
                    foreach (var conversation in batch)
                    {
                        await jsonlWriter.WriteAsync(conversation, jsonlStream!, ct);
                    }
                },
            };

            var paths = parseResult.GetValue(files) ?? [];
            var report = await importService.ImportAsync(
                paths.Select(p => ImportFile.FromPath(CliPaths.ResolveInput(p))).ToList(),
                request,
                new ConsoleProgress(error),
                cancellationToken);
            if (jsonlStream is not null)
            {
                await jsonlStream.FlushAsync(cancellationToken);
            }

            await output.WriteAsync(report.ToText());
            if (jsonlPath is not null)
            {
                await output.WriteLineAsync($"JSONL written to {jsonlPath} ({report.Created + report.Updated + report.Unchanged} conversations{(jsonlWriter!.Redacted ? ", redacted" : "")}).");
            }

            return ExitCode(report, parseResult.GetValue(strict), error);
        });
        return command;
    }

    /// <summary>
    /// 0 only when every file was read to the end and something was stored; a refused or failed file, an import that
    /// stored nothing, or (strict) a rejected row is 1, so a script never mistakes lost input for success.
    /// </summary>
    internal static int ExitCode(ImportReport report, bool strict, TextWriter error)
    {
        if (!report.Succeeded)
        {
            error.WriteLine($"Import failed: {report.Files.Count(f => !f.Succeeded)} of {report.Files.Count} file(s) were refused or could not be read to the end.");
            return 1;
        }

        if (report.Stored == 0)
        {
            error.WriteLine("Import failed: nothing was imported (every row was rejected).");
            return 1;
        }

        if (strict && report.Rejected > 0)
        {
            error.WriteLine($"Import failed (--strict): {report.Rejected} row(s) were rejected.");
            return 1;
        }

        return 0;
    }

    /// <summary>Prints "Processing progress: X/Y (Z%) [ISSUE]" at most twice a second.</summary>
    internal sealed class ConsoleProgress(TextWriter writer) : IJobProgress
    {
        private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
        private readonly Lock _gate = new();

        public void Report(int completed, int total, string? currentItem = null)
        {
            lock (_gate)
            {
                if (_sinceLast.ElapsedMilliseconds < 500 && completed < total)
                {
                    return;
                }

                _sinceLast.Restart();
                var percent = total <= 0 ? 100 : Math.Round(100.0 * completed / total, 1);
                writer.WriteLine($"Processing progress: {completed}/{total} ({percent}%){(currentItem is null ? "" : $" [{currentItem}]")}");
            }
        }

        public void Log(string line)
        {
            lock (_gate)
            {
                writer.WriteLine(line);
            }
        }
    }
}
