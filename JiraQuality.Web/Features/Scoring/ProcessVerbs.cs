using System.CommandLine;
using JiraQuality.Core.Alerts;
using System.Globalization;
using JiraQuality.Core.Jobs;
using JiraQuality.Core.Scoring.Processing;
using JiraQuality.Core.Scoring.Scorers;
using JiraQuality.Web.Hosting;
using JiraQuality.Core.Storage;

namespace JiraQuality.Web.Features.Scoring;

/// <summary>
/// <c>process</c>: scores pending conversations as a processing job (a rescore job with <c>--issue</c>) that this process
/// stores and runs through the job runner, so the run shows on the Jobs page and the hub like any other and shares the
/// backlog with the app's instances.
/// </summary>
public static class ProcessVerbs
{
    public static Command Command()
    {
        var limit = new Option<int?>("--limit") { Description = "Score at most N conversations." };
        var noLlm = new Option<bool>("--no-llm") { Description = "Use the deterministic heuristic scorer." };
        var model = new Option<string?>("--model") { Description = "Score with this LLM model (overrides Llm:Model)." };
        var taxonomy = new Option<string?>("--taxonomy-file") { Description = "Contact-reason taxonomy JSON file (overrides Scoring:TaxonomyFile)." };
        var issue = new Option<string[]>("--issue") { Description = "Only this ticket (repeatable); re-scored even when up to date.", AllowMultipleArgumentsPerToken = true };
        var concurrency = new Option<int?>("--concurrency") { Description = "Conversations scored at the same time (default Llm:Concurrency)." };
        var budget = new Option<double?>("--budget") { Description = "Stop once this many USD are spent." };
        var includeImported = new Option<bool>("--include-imported") { Description = "Also re-score rows imported from scored CSVs." };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be scored; call no LLM and write nothing." };

        var command = new Command("process", "Score prepared conversations not yet processed by the current scorer, then exit. Exits 1 when any conversation failed or the run stopped on consecutive failures.");
        foreach (var option in new Option[] { limit, noLlm, model, taxonomy, issue, concurrency, budget, includeImported, dryRun })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (parseResult.GetValue(limit) is <= 0 || parseResult.GetValue(concurrency) is <= 0)
            {
                await error.WriteLineAsync("--limit and --concurrency must be positive.");
                return 2;
            }

            var taxonomyFile = parseResult.GetValue(taxonomy);
            if (taxonomyFile is not null && !File.Exists(taxonomyFile))
            {
                await error.WriteLineAsync($"Taxonomy file '{taxonomyFile}' does not exist.");
                return 2;
            }

            using var host = CommandLineApp.BuildHost(services =>
            {
                services.AddLogging(logging => logging
                    .AddFilter(typeof(ProcessingService).FullName, LogLevel.Warning)
                    .AddFilter(typeof(JobProgressTracker).FullName, LogLevel.Warning)
                    .AddFilter(typeof(JobRunner).FullName, LogLevel.Warning));
            });
            await host.Services.GetRequiredService<JiraQualityContextFactory>().MigrateAsync(cancellationToken);
            var service = host.Services.GetRequiredService<ProcessingService>();
            var issues = parseResult.GetValue(issue) ?? [];
            var request = new ProcessingRequest
            {
                Scorer = new ScorerSelection
                {
                    NoLlm = parseResult.GetValue(noLlm),
                    Model = parseResult.GetValue(model),
                    TaxonomyFile = taxonomyFile is null ? null : Path.GetFullPath(taxonomyFile),
                },
                Limit = parseResult.GetValue(limit),
                IssueKeys = issues.Length > 0 ? issues : null,
                Force = issues.Length > 0,
                IncludeImported = parseResult.GetValue(includeImported) || issues.Length > 0,
                Concurrency = parseResult.GetValue(concurrency),
                BudgetUsd = parseResult.GetValue(budget),
            };

            try
            {
                if (parseResult.GetValue(dryRun))
                {
                    var scorer = host.Services.GetRequiredService<ScorerFactory>().Create(request.Scorer);
                    var (keys, setAside) = await service.SelectKeysAsync(request, scorer, cancellationToken);
                    if (setAside.Count > 0)
                    {
                        await output.WriteLineAsync($"[dry-run] set aside after repeated failures: {string.Join(", ", setAside)}.");
                    }

                    await output.WriteLineAsync($"[dry-run] {keys.Count} conversations would be scored with {scorer.Version}{(keys.Count > 0 ? ": " + string.Join(", ", keys.Take(20)) + (keys.Count > 20 ? ", ..." : "") : "")}.");
                    return 0;
                }

                // Settings that cannot score (no API key, a broken taxonomy) are reported before a job is stored.
                host.Services.GetRequiredService<ScorerFactory>().Create(request.Scorer);
                var runner = host.Services.GetRequiredService<JobRunner>();
                var job = await runner.RunHereAsync(ToJobRequest(request, issues), new ConsoleProgress(output), cancellationToken);
                var stored = await host.Services.GetRequiredService<JobStore>().GetDetailsAsync(job.Id, CancellationToken.None);
                if (job.Summary is not null)
                {
                    await output.WriteLineAsync(job.Summary);
                }

                await output.WriteLineAsync($"Job {job.Id} ({job.Kind}) {job.State}{(job.Error is null ? "" : ": " + job.Error)}");
                await host.Services.GetRequiredService<AlertsAfterProcessing>().RunAsync(output, cancellationToken);
                return job.State == JobStates.Succeeded && (stored?.Failed ?? 0) == 0 ? 0 : 1;
            }
            catch (Exception ex) when (ex is InvalidOperationException or InvalidDataException or FileNotFoundException)
            {
                await error.WriteLineAsync(ex.Message);
                return 2;
            }
        });
        return command;
    }

    /// <summary>The verb's options as the parameters of a processing job (a rescore job when tickets are named).</summary>
    internal static JobRequest ToJobRequest(ProcessingRequest request, IReadOnlyList<string> issues)
    {
        var parameters = new Dictionary<string, string>();
        if (issues.Count > 0)
        {
            parameters[ProcessingParameters.Issue] = string.Join(',', issues);
        }

        if (request.Limit is { } limit)
        {
            parameters[ProcessingParameters.Limit] = limit.ToString(CultureInfo.InvariantCulture);
        }

        if (request.Scorer.NoLlm)
        {
            parameters[ProcessingParameters.NoLlm] = "true";
        }

        if (request.Scorer.Model is { } model)
        {
            parameters[ProcessingParameters.Model] = model;
        }

        if (request.Scorer.TaxonomyFile is { } taxonomyFile)
        {
            parameters[ProcessingParameters.TaxonomyFile] = taxonomyFile;
        }

        if (request.Concurrency is { } concurrency)
        {
            parameters[ProcessingParameters.Concurrency] = concurrency.ToString(CultureInfo.InvariantCulture);
        }

        if (request.BudgetUsd is { } budget)
        {
            parameters[ProcessingParameters.BudgetUsd] = budget.ToString("R", CultureInfo.InvariantCulture);
        }

        if (request.IncludeImported && issues.Count == 0)
        {
            parameters[ProcessingParameters.IncludeImported] = "true";
        }

        return new JobRequest(issues.Count > 0 ? JobKinds.Rescore : JobKinds.Processing, JobRequesters.CommandLine, parameters);
    }

    /// <summary>1 when any conversation failed (it stays pending) or the run stopped on consecutive failures; a budget stop is not a failure.</summary>
    internal static int ExitCode(ProcessingResult result) => result.Failures.Count > 0 ? 1 : 0;

    /// <summary>Prints a job's log lines and its "Processing progress" lines; the totals are in the last one.</summary>
    internal sealed class ConsoleProgress(TextWriter output) : IJobProgress
    {
        private readonly Lock _gate = new();

        public void Report(int completed, int total, string? currentItem = null)
        {
            if (total <= 0 || currentItem is null)
            {
                return;
            }

            lock (_gate)
            {
                output.WriteLine(JobProgressTracker.FormatProgressLine(completed, total, currentItem));
            }
        }

        /// <summary>Every line of the batch, written in one go.</summary>
        public void ReportItems(int completedBefore, int total, IReadOnlyList<string> items)
        {
            if (total <= 0 || items.Count == 0)
            {
                return;
            }

            var text = new System.Text.StringBuilder(items.Count * 64);
            for (var i = 0; i < items.Count; i++)
            {
                text.Append(JobProgressTracker.FormatProgressLine(completedBefore + i + 1, total, items[i])).Append(output.NewLine);
            }

            lock (_gate)
            {
                output.Write(text.ToString());
            }
        }

        public void Log(string line)
        {
            lock (_gate)
            {
                output.WriteLine(line);
            }
        }
    }
}
