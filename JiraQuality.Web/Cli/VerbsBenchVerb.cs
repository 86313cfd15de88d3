using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using JiraQuality.Core.Ingestion.Benchmark;
using JiraQuality.Core.Ingestion.Sample;
using JiraQuality.Core.Storage;

namespace JiraQuality.Web.Cli;

/// <summary>
/// <c>bench verbs</c>: the figures a user sees. Runs the <c>import</c> and <c>process --no-llm</c> verbs of this same
/// executable as child processes on a generated export, each into a fresh database, and times them from process start to
/// exit (start-up, migrations and writing included), then runs <c>process</c> once more over the processed database.
/// </summary>
public static class VerbsBenchVerb
{
    public static Command Command()
    {
        var tickets = new Option<int[]>("--tickets") { Description = "Export sizes to measure (repeatable).", DefaultValueFactory = _ => [100_000], AllowMultipleArgumentsPerToken = true };
        var scenario = new Option<string>("--scenario") { Description = "sqlite or postgres.", DefaultValueFactory = _ => "sqlite" };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string of a user that may create databases." };
        var runs = new Option<int>("--runs") { Description = "Measured runs per size; the median is reported.", DefaultValueFactory = _ => 3 };
        var maxComments = new Option<int>("--max-comments") { Description = "Most comments per generated ticket.", DefaultValueFactory = _ => 30 };
        var command = new Command("verbs", "Time the import and process verbs from process start to exit (conversations per second).");
        foreach (var option in new Option[] { tickets, scenario, postgres, runs, maxComments })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var provider = parseResult.GetValue(scenario)?.ToLowerInvariant() switch
            {
                "sqlite" => DatabaseProvider.Sqlite,
                "postgres" => DatabaseProvider.Postgres,
                _ => throw new ArgumentException("--scenario must be sqlite or postgres."),
            };
            foreach (var count in parseResult.GetValue(tickets) ?? [])
            {
                var path = Path.Combine(Path.GetTempPath(), $"jq-bench-verbs-{count}-{parseResult.GetValue(maxComments)}.csv");
                if (!File.Exists(path))
                {
                    new SampleExportGenerator(new SampleExportSettings { Tickets = count, MaxComments = parseResult.GetValue(maxComments) }).WriteFile(path);
                }

                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{count} tickets ({new FileInfo(path).Length / (1024.0 * 1024):0.0} MB, {path}) into {provider}, load average {LoadAverage()}"));
                var results = new List<VerbRun>();
                for (var run = 1; run <= Math.Max(1, parseResult.GetValue(runs)); run++)
                {
                    await using var database = await IngestionBenchmark.CreateDatabaseAsync(provider, parseResult.GetValue(postgres), cancellationToken);
                    var environment = new Dictionary<string, string>
                    {
                        ["Database__Provider"] = provider.ToString(),
                        ["ConnectionStrings__JiraQuality"] = database.ConnectionString,
                        ["Data__Directory"] = Path.Combine(Path.GetTempPath(), "jq-bench-verbs-data"),
                    };
                    var import = await RunVerbAsync(["import", path], environment, cancellationToken);
                    var process = await RunVerbAsync(["process", "--no-llm"], environment, cancellationToken);
                    var again = await RunVerbAsync(["process", "--no-llm"], environment, cancellationToken);
                    var result = new VerbRun(count, import, process, again);
                    results.Add(result);
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"run {run}: import {import.Elapsed.TotalSeconds:0.00} s = {count / import.Elapsed.TotalSeconds:0} tickets/s (peak {import.PeakMegabytes:0} MB); " +
                        $"process --no-llm {process.Elapsed.TotalSeconds:0.00} s = {count / process.Elapsed.TotalSeconds:0} conversations/s (peak {process.PeakMegabytes:0} MB); " +
                        $"again, nothing pending {again.Elapsed.TotalSeconds:0.00} s; load average {LoadAverage()}"));
                }

                var importMedian = results.Select(r => r.Import.Elapsed.TotalSeconds).Order().ElementAt(results.Count / 2);
                var processMedian = results.Select(r => r.Process.Elapsed.TotalSeconds).Order().ElementAt(results.Count / 2);
                var againMedian = results.Select(r => r.Again.Elapsed.TotalSeconds).Order().ElementAt(results.Count / 2);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"median {count}: import {importMedian:0.00} s = {count / importMedian:0} tickets/s; process --no-llm {processMedian:0.00} s = {count / processMedian:0} conversations/s " +
                    $"({1000 * processMedian / count:0.000} ms per conversation); again {againMedian:0.00} s"));
            }

            return 0;
        });
        return command;
    }

    private static async Task<VerbTiming> RunVerbAsync(string[] arguments, Dictionary<string, string> environment, CancellationToken cancellationToken)
    {
        // The same executable: `dotnet JiraQuality.Web.dll …` or the apphost.
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(VerbsBenchVerb).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        long peak = 0;
        while (!process.HasExited)
        {
            try
            {
                process.Refresh();
                peak = Math.Max(peak, process.PeakWorkingSet64);
            }
            catch (InvalidOperationException)
            {
                // Exited between the check and the read.
            }

            await Task.WhenAny(process.WaitForExitAsync(cancellationToken), Task.Delay(100, cancellationToken));
        }

        await process.WaitForExitAsync(cancellationToken);
        watch.Stop();
        var text = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{string.Join(' ', arguments)}' exited with {process.ExitCode}: {await stderr}{text[Math.Max(0, text.Length - 2000)..]}");
        }

        return new VerbTiming(watch.Elapsed, peak / (1024.0 * 1024));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private sealed record VerbTiming(TimeSpan Elapsed, double PeakMegabytes);

    private sealed record VerbRun(int Tickets, VerbTiming Import, VerbTiming Process, VerbTiming Again);
}
