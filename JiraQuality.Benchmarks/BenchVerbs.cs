using System.CommandLine;
using System.Globalization;
using JiraQuality.Benchmarks.Dashboard;
using JiraQuality.Benchmarks.Ingestion;
using JiraQuality.Benchmarks.Instances;
using JiraQuality.Benchmarks.Sample;
using JiraQuality.Benchmarks.Scoring;
using JiraQuality.Core.Ingestion;
using JiraQuality.Core.Storage;

namespace JiraQuality.Benchmarks;

/// <summary><c>bench &lt;area&gt;</c>: each area's benchmark is a subcommand of <c>bench</c>.</summary>
public static class BenchVerbs
{
    public static Command BenchCommand(BenchVerbHost host)
    {
        var bench = new Command("bench", "Run a benchmark and print its measurements (run with -c Release).");
        bench.Subcommands.Add(IngestionCommand(host));
        bench.Subcommands.Add(ScoringBenchVerb.Command());
        bench.Subcommands.Add(DashboardBenchVerbs.Command(host));
        bench.Subcommands.Add(VerbsBenchVerb.Command());
        bench.Subcommands.Add(ScaleOutBenchVerb.Command(host));
        return bench;
    }

    private static Command IngestionCommand(BenchVerbHost host)
    {
        var file = new Option<string?>("--file") { Description = "Export to import; generated (and kept) when it does not exist." };
        var tickets = new Option<int>("--tickets") { Description = "Tickets to generate.", DefaultValueFactory = _ => 100_000 };
        var minComments = new Option<int>("--min-comments") { Description = "Fewest comments per generated ticket.", DefaultValueFactory = _ => 4 };
        var maxComments = new Option<int>("--max-comments") { Description = "Most comments per generated ticket.", DefaultValueFactory = _ => 30 };
        var scenario = new Option<string>("--scenario") { Description = "parse, sqlite or postgres.", DefaultValueFactory = _ => "parse" };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string of a user that may create databases." };
        var batchSize = new Option<int>("--batch-size") { Description = "Tickets per transaction.", DefaultValueFactory = _ => new IngestionOptions().BatchSize };
        var runs = new Option<int>("--runs") { Description = "Measured runs; the median is reported.", DefaultValueFactory = _ => 3 };
        var command = new Command("ingestion", "Measure CSV import throughput (tickets/s) and peak working set.");
        foreach (var option in new Option[] { file, tickets, minComments, maxComments, scenario, postgres, batchSize, runs })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var count = parseResult.GetValue(tickets);
            var path = host.ResolveOutput(parseResult.GetValue(file) ?? Path.Combine(Path.GetTempPath(), $"jq-bench-{count}.csv"));
            if (!File.Exists(path))
            {
                await output.WriteLineAsync($"Generating {count} tickets into {path} ...");
                new SampleExportGenerator(new SampleExportSettings { Tickets = count, MinComments = parseResult.GetValue(minComments), MaxComments = parseResult.GetValue(maxComments), Days = 365 }).WriteFile(path);
            }

            var size = new FileInfo(path).Length;
            await output.WriteLineAsync($"Export {path}: {size / (1024.0 * 1024):0.0} MB");

            // The benchmark file is larger than the upload limit on purpose: the limit is a setting.
            var options = new IngestionOptions { MaxFileSizeBytes = long.MaxValue, BatchSize = parseResult.GetValue(batchSize) };
            var benchmark = new IngestionBenchmark(options, TimeProvider.System);
            var results = new List<IngestionBenchmarkRun>();
            var which = parseResult.GetValue(scenario)!.ToLowerInvariant();
            await using var database = which switch
            {
                "sqlite" => await IngestionBenchmark.CreateDatabaseAsync(DatabaseProvider.Sqlite, null, cancellationToken),
                "postgres" => await IngestionBenchmark.CreateDatabaseAsync(DatabaseProvider.Postgres, parseResult.GetValue(postgres), cancellationToken),
                _ => null,
            };

            // Loading the tokenizer's vocabulary and compiling the hot paths is start-up cost, not throughput.
            benchmark.ParseAndNormalise(path, limit: 2_000);
            for (var run = 1; run <= Math.Max(1, parseResult.GetValue(runs)); run++)
            {
                var result = which switch
                {
                    "parse" => benchmark.ParseAndNormalise(path),
                    "sqlite" or "postgres" => await benchmark.ImportAsync(database!, path, cancellationToken),
                    _ => throw new ArgumentException("--scenario must be parse, sqlite or postgres."),
                };
                results.Add(result);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"run {run}: {result.Scenario}: {result.Tickets} tickets, {result.Comments} comments in {result.Elapsed.TotalSeconds:0.00} s = {result.TicketsPerSecond:0} tickets/s, peak working set {result.PeakWorkingSetBytes / (1024.0 * 1024):0} MB, live heap after the run {GC.GetTotalMemory(forceFullCollection: true) / (1024.0 * 1024):0} MB"));
            }

            var median = results.OrderBy(r => r.TicketsPerSecond).ElementAt(results.Count / 2);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"median: {median.Scenario}: {median.TicketsPerSecond:0} tickets/s ({median.Elapsed.TotalSeconds:0.00} s), peak working set {IngestionBenchmark.PeakWorkingSet() / (1024.0 * 1024):0} MB"));
            return 0;
        });
        return command;
    }
}
